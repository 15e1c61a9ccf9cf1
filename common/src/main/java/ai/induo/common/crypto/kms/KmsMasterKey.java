package ai.induo.common.crypto.kms;

import ai.induo.common.crypto.DecryptionException;
import ai.induo.common.crypto.MasterKey;
import ai.induo.common.crypto.MasterKeyUnavailableException;
import ai.induo.common.crypto.WrappedSecret;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.api.gax.rpc.UnaryCallSettings;
import com.google.cloud.kms.v1.CryptoKeyName;
import com.google.cloud.kms.v1.DecryptRequest;
import com.google.cloud.kms.v1.DecryptResponse;
import com.google.cloud.kms.v1.EncryptRequest;
import com.google.cloud.kms.v1.EncryptResponse;
import com.google.cloud.kms.v1.KeyManagementServiceClient;
import com.google.cloud.kms.v1.KeyManagementServiceSettings;
import com.google.protobuf.ByteString;
import com.google.protobuf.Int64Value;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * A {@link MasterKey} kept in Cloud KMS: account keys are wrapped and unwrapped by the symmetric
 * crypto key's {@code Encrypt} and {@code Decrypt} calls, with the caller's associated data as KMS's
 * additional authenticated data, so the key material never leaves KMS. KMS encrypts under the key's
 * primary version and decrypts with the version recorded in the ciphertext, so what older versions
 * wrapped keeps opening after a rotation in KMS; each wrap records the version that made it
 * ({@code kms_….v3}), so a master-key rotation can re-wrap what older versions hold before they are
 * disabled.
 *
 * <p>Each call, its retries of {@code UNAVAILABLE} included, ends within the timeout given to
 * {@link #connect}. Both directions are checked with CRC32C as Google recommends. A ciphertext or
 * associated data that KMS refuses is a {@link DecryptionException}; every other failure (KMS
 * unreachable or too slow, permission missing, key disabled or unknown, data damaged in transit) is
 * a {@link MasterKeyUnavailableException}. Neither plaintext nor ciphertext appears in any message.
 */
public final class KmsMasterKey implements MasterKey, AutoCloseable {

    /** What a master key setting naming a KMS key starts with. */
    public static final String URI_PREFIX = "kms://";
    /** How long one KMS call may take, retries included, unless configured otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private static final String ID_PREFIX = "kms_";
    /** Between the key's id and the version number in the id recorded with a wrap. */
    private static final String VERSION_MARK = ".v";
    private static final int ID_HEX_CHARS = 16;
    private static final Pattern IPV4_LITERAL = Pattern.compile("[0-9.]+");
    private static final Pattern VERSION_NUMBER = Pattern.compile("[0-9]+");
    private static final int MAX_PORT = 65_535;

    private final KeyManagementServiceClient client;
    private final CryptoKeyName keyName;
    private final String versionPrefix;
    private final String id;

    private KmsMasterKey(KeyManagementServiceClient client, CryptoKeyName keyName) {
        this.client = Objects.requireNonNull(client, "client");
        this.keyName = Objects.requireNonNull(keyName, "keyName");
        this.versionPrefix = keyName + "/cryptoKeyVersions/";
        this.id = ID_PREFIX + HexFormat.of().formatHex(sha256(keyName.toString())).substring(0, ID_HEX_CHARS);
    }

    /** Whether {@code value} is meant as a KMS key URI (it may still be malformed). */
    public static boolean isUri(String value) {
        return value.strip().startsWith(URI_PREFIX);
    }

    /**
     * The crypto key that {@code kms://projects/P/locations/L/keyRings/R/cryptoKeys/K} names.
     *
     * @throws IllegalArgumentException when {@code uri} is not of that form
     */
    public static CryptoKeyName parseUri(String uri) {
        String stripped = uri.strip();
        String name = stripped.startsWith(URI_PREFIX) ? stripped.substring(URI_PREFIX.length()) : "";
        if (!CryptoKeyName.isParsableFrom(name) || name.contains("//") || name.endsWith("/")) {
            throw new IllegalArgumentException("'" + uri + "' is not a KMS crypto key URI: expected "
                    + URI_PREFIX + "projects/PROJECT/locations/LOCATION/keyRings/KEY_RING/cryptoKeys/KEY");
        }
        return CryptoKeyName.parse(name);
    }

    /**
     * Connects to Cloud KMS for the key. Without {@code endpoint} the client reaches Google's KMS
     * endpoint over TLS with Application Default Credentials; with a {@code host:port} endpoint it
     * reaches that one, over TLS with the same credentials, except on a loopback address (a stand-in
     * on this machine), which it reaches in plaintext without credentials.
     *
     * @param timeout the longest one wrap or unwrap may take, retries included
     * @throws IllegalArgumentException when {@code endpoint} is not {@code host:port}
     * @throws IOException when Application Default Credentials cannot be loaded
     */
    public static KmsMasterKey connect(CryptoKeyName keyName, Optional<String> endpoint, Duration timeout)
            throws IOException {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the KMS timeout must be positive: " + timeout);
        }
        KeyManagementServiceSettings.Builder settings = KeyManagementServiceSettings.newBuilder();
        if (endpoint.isPresent()) {
            String hostAndPort = endpoint.get().strip();
            settings.setEndpoint(hostAndPort);
            if (isLoopback(host(hostAndPort))) {
                settings.setCredentialsProvider(NoCredentialsProvider.create());
                settings.setTransportChannelProvider(KeyManagementServiceSettings.defaultGrpcTransportProviderBuilder()
                        .setChannelConfigurator(ManagedChannelBuilder::usePlaintext)
                        .build());
            }
        }
        bound(settings.encryptSettings(), timeout);
        bound(settings.decryptSettings(), timeout);
        return new KmsMasterKey(KeyManagementServiceClient.create(settings.build()), keyName);
    }

    /** The key ring's Cloud KMS location, from the key's resource name ({@code projects/…/locations/L/…}). */
    @Override
    public Set<String> locations() {
        return Set.of(keyName.getLocation().toLowerCase(Locale.ROOT));
    }

    /** The crypto key this master key uses. */
    public CryptoKeyName keyName() {
        return keyName;
    }

    /**
     * {@code "kms_"} and the first 16 hex characters of the SHA-256 of the crypto key's resource name;
     * a wrap records it followed by {@code ".v"} and the number of the key version that made it.
     */
    @Override
    public String id() {
        return id;
    }

    /** The key's own id (recorded before versions were), or that id with any version. */
    @Override
    public boolean opens(String masterKeyId) {
        return masterKeyId.equals(id) || masterKeyId.startsWith(id + VERSION_MARK);
    }

    @Override
    public WrappedSecret wrap(byte[] key, byte[] associatedData) {
        ByteString plaintext = ByteString.copyFrom(key);
        ByteString aad = ByteString.copyFrom(associatedData);
        EncryptResponse response;
        try {
            response = client.encrypt(EncryptRequest.newBuilder()
                    .setName(keyName.toString())
                    .setPlaintext(plaintext)
                    .setPlaintextCrc32C(crc32c(plaintext))
                    .setAdditionalAuthenticatedData(aad)
                    .setAdditionalAuthenticatedDataCrc32C(crc32c(aad))
                    .build());
        } catch (ApiException e) {
            throw unavailable("encrypt", e);
        }
        if (!response.getVerifiedPlaintextCrc32C() || !response.getVerifiedAdditionalAuthenticatedDataCrc32C()) {
            throw damaged("KMS did not confirm that the encrypt request arrived intact");
        }
        if (!response.hasCiphertextCrc32C()
                || !response.getCiphertextCrc32C().equals(crc32c(response.getCiphertext()))) {
            throw damaged("the ciphertext KMS returned was damaged in transit");
        }
        String version = response.getName().startsWith(versionPrefix)
                ? response.getName().substring(versionPrefix.length())
                : "";
        if (!VERSION_NUMBER.matcher(version).matches()) {
            throw damaged("KMS encrypted with " + response.getName() + ", not a version of " + keyName);
        }
        return new WrappedSecret(id + VERSION_MARK + version, response.getCiphertext().toByteArray());
    }

    @Override
    public byte[] unwrap(WrappedSecret wrapped, byte[] associatedData) throws DecryptionException {
        if (!opens(wrapped.masterKeyId())) {
            throw new DecryptionException("the secret was wrapped by master key " + wrapped.masterKeyId()
                    + ", not by KMS key " + keyName + " (" + id + ")");
        }
        ByteString ciphertext = ByteString.copyFrom(wrapped.ciphertext());
        ByteString aad = ByteString.copyFrom(associatedData);
        DecryptResponse response;
        try {
            response = client.decrypt(DecryptRequest.newBuilder()
                    .setName(keyName.toString())
                    .setCiphertext(ciphertext)
                    .setCiphertextCrc32C(crc32c(ciphertext))
                    .setAdditionalAuthenticatedData(aad)
                    .setAdditionalAuthenticatedDataCrc32C(crc32c(aad))
                    .build());
        } catch (ApiException e) {
            if (e.getStatusCode().getCode() == StatusCode.Code.INVALID_ARGUMENT) {
                throw new DecryptionException("KMS key " + keyName + " refused the wrapped key: wrong key, wrong "
                        + "context or corrupted", e);
            }
            throw unavailable("decrypt", e);
        }
        if (!response.getPlaintextCrc32C().equals(crc32c(response.getPlaintext()))) {
            throw damaged("the plaintext KMS returned was damaged in transit");
        }
        return response.getPlaintext().toByteArray();
    }

    /** Closes the client and its channels. */
    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "KmsMasterKey[" + id + ", " + keyName + "]";
    }

    private MasterKeyUnavailableException unavailable(String call, ApiException e) {
        return new MasterKeyUnavailableException("Cloud KMS " + call + " with " + keyName + " failed ("
                + e.getStatusCode().getCode() + ")", e);
    }

    private MasterKeyUnavailableException damaged(String what) {
        return new MasterKeyUnavailableException(what + " (KMS key " + keyName + "); the call can be retried");
    }

    private static <T, R> void bound(UnaryCallSettings.Builder<T, R> call, Duration timeout) {
        RetrySettings retries = call.getRetrySettings().toBuilder()
                .setTotalTimeoutDuration(timeout)
                .setInitialRpcTimeoutDuration(timeout)
                .setMaxRpcTimeoutDuration(timeout)
                .build();
        call.setRetrySettings(retries);
    }

    private static String host(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        String port = colon < 0 ? "" : hostAndPort.substring(colon + 1);
        String host = colon < 0 ? "" : hostAndPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty() || !port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1
                || Integer.parseInt(port) > MAX_PORT) {
            throw new IllegalArgumentException("'" + hostAndPort + "' is not a KMS endpoint: expected host:port");
        }
        return host;
    }

    /** Loopback by its literal address or the name localhost; other names are never resolved here. */
    private static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!host.contains(":") && !IPV4_LITERAL.matcher(host).matches()) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + host + "' is not a valid address", e);
        }
    }

    private static Int64Value crc32c(ByteString bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes.asReadOnlyByteBuffer());
        return Int64Value.of(crc.getValue());
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
