package ai.induo.common.crypto.kms;

import com.google.cloud.kms.v1.CryptoKeyName;
import com.google.cloud.kms.v1.DecryptRequest;
import com.google.cloud.kms.v1.DecryptResponse;
import com.google.cloud.kms.v1.EncryptRequest;
import com.google.cloud.kms.v1.EncryptResponse;
import com.google.cloud.kms.v1.ProtectionLevel;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.protobuf.ByteString;
import com.google.protobuf.Int64Value;
import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32C;

/**
 * A stand-in for Cloud KMS's {@code google.cloud.kms.v1.KeyManagementService}, answering
 * {@code Encrypt} and {@code Decrypt} over gRPC on a free loopback port, for the real
 * {@code KeyManagementServiceClient} to reach in plaintext. Google ships no KMS emulator.
 *
 * <p>It behaves as KMS does where Induo relies on it: AES-256-GCM per crypto key version, bound to
 * the additional authenticated data; the ciphertext names its version, so a key rotated with
 * {@link #rotate} still decrypts what older versions encrypted; the CRC32C fields are checked and
 * answered; the response names the key version used; {@link #disableVersion} retires a version; a
 * ciphertext that does not authenticate, or a request whose checksum does not match, is
 * {@code INVALID_ARGUMENT}; an unknown key is
 * {@code NOT_FOUND}; plaintext and AAD over 64 KiB are {@code INVALID_ARGUMENT}. Every other
 * method is {@code UNIMPLEMENTED}. {@link #failEveryCallWith} makes it answer an error instead, as
 * KMS does when it is down or refuses the caller, {@link #stopAnswering} makes it hang, and
 * {@link #holdAnswers} keeps the answers back until {@link #recover}, so a test can have many
 * callers waiting on KMS at once.
 *
 * <p>(The gRPC stubs of {@code grpc-google-cloud-kms-v1} are not used: the version matching this
 * client is not served by the project's Maven repository, so the two methods are declared here.)
 */
public final class KmsStandIn implements AutoCloseable {

    private static final String SERVICE = "google.cloud.kms.v1.KeyManagementService";
    private static final MethodDescriptor<EncryptRequest, EncryptResponse> ENCRYPT = unary("Encrypt",
            EncryptRequest.getDefaultInstance(), EncryptResponse.getDefaultInstance());
    private static final MethodDescriptor<DecryptRequest, DecryptResponse> DECRYPT = unary("Decrypt",
            DecryptRequest.getDefaultInstance(), DecryptResponse.getDefaultInstance());
    private static final int MAX_INPUT_BYTES = 64 * 1024;
    private static final int KEY_BYTES = 32;
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, List<AesGcmJce>> versionsByKey = new ConcurrentHashMap<>();
    private final Set<String> disabledVersions = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Status> failure = new AtomicReference<>();
    private final AtomicInteger encryptCalls = new AtomicInteger();
    private final AtomicInteger decryptCalls = new AtomicInteger();
    private final List<Runnable> heldAnswers = new ArrayList<>();
    private boolean holding;
    private final Server server;
    private volatile boolean silent;

    private KmsStandIn() throws IOException {
        ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE)
                .addMethod(ENCRYPT, ServerCalls.asyncUnaryCall(this::encrypt))
                .addMethod(DECRYPT, ServerCalls.asyncUnaryCall(this::decrypt))
                .build();
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .addService(service)
                .build()
                .start();
    }

    /** Starts a stand-in with no keys on a free loopback port. */
    public static KmsStandIn start() throws IOException {
        return new KmsStandIn();
    }

    /** {@code host:port} of the stand-in, for {@code induo.crypto.kms.endpoint}. */
    public String endpoint() {
        return InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.getPort();
    }

    /** Creates a symmetric crypto key with one version. */
    public void createKey(CryptoKeyName name) {
        versionsByKey.put(name.toString(), new CopyOnWriteArrayList<>(List.of(newVersion())));
    }

    /** Adds a version to the key and makes it primary, as a rotation in KMS does. */
    public void rotate(CryptoKeyName name) {
        versionsByKey.get(name.toString()).add(newVersion());
    }

    /**
     * Disables a version of the key (1 is the first), as retiring it in KMS does: what it encrypted no
     * longer decrypts ({@code FAILED_PRECONDITION}).
     */
    public void disableVersion(CryptoKeyName name, int version) {
        disabledVersions.add(name + "/cryptoKeyVersions/" + version);
    }

    /** From now on every call is answered with {@code status} (UNAVAILABLE: KMS is down). */
    public void failEveryCallWith(Status status) {
        failure.set(status);
    }

    /** From now on calls are taken but never answered, as by a KMS that hangs. */
    public void stopAnswering() {
        silent = true;
    }

    /** From now on calls are taken, and answered only at {@link #recover}. */
    public synchronized void holdAnswers() {
        holding = true;
    }

    /** Calls are served again; answers held back go out now. */
    public void recover() {
        failure.set(null);
        silent = false;
        List<Runnable> held;
        synchronized (this) {
            holding = false;
            held = List.copyOf(heldAnswers);
            heldAnswers.clear();
        }
        held.forEach(Runnable::run);
    }

    public int encryptCalls() {
        return encryptCalls.get();
    }

    public int decryptCalls() {
        return decryptCalls.get();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void encrypt(EncryptRequest request, StreamObserver<EncryptResponse> response) {
        encryptCalls.incrementAndGet();
        answer(response, () -> {
            List<AesGcmJce> versions = versions(request.getName());
            checkSize("plaintext", request.getPlaintext());
            checkSize("additional_authenticated_data", request.getAdditionalAuthenticatedData());
            checkCrc("plaintext", request.getPlaintext(), request.hasPlaintextCrc32C(), request.getPlaintextCrc32C());
            checkCrc("additional_authenticated_data", request.getAdditionalAuthenticatedData(),
                    request.hasAdditionalAuthenticatedDataCrc32C(), request.getAdditionalAuthenticatedDataCrc32C());
            int version = versions.size();
            byte[] sealed = versions.get(version - 1).encrypt(request.getPlaintext().toByteArray(),
                    request.getAdditionalAuthenticatedData().toByteArray());
            ByteString ciphertext = ByteString.copyFrom(ByteBuffer.allocate(Integer.BYTES + sealed.length)
                    .putInt(version).put(sealed).flip());
            return EncryptResponse.newBuilder()
                    .setName(request.getName() + "/cryptoKeyVersions/" + version)
                    .setCiphertext(ciphertext)
                    .setCiphertextCrc32C(crc32c(ciphertext))
                    .setVerifiedPlaintextCrc32C(request.hasPlaintextCrc32C())
                    .setVerifiedAdditionalAuthenticatedDataCrc32C(request.hasAdditionalAuthenticatedDataCrc32C())
                    .setProtectionLevel(ProtectionLevel.SOFTWARE)
                    .build();
        });
    }

    private void decrypt(DecryptRequest request, StreamObserver<DecryptResponse> response) {
        decryptCalls.incrementAndGet();
        answer(response, () -> {
            List<AesGcmJce> versions = versions(request.getName());
            checkCrc("ciphertext", request.getCiphertext(), request.hasCiphertextCrc32C(), request.getCiphertextCrc32C());
            checkCrc("additional_authenticated_data", request.getAdditionalAuthenticatedData(),
                    request.hasAdditionalAuthenticatedDataCrc32C(), request.getAdditionalAuthenticatedDataCrc32C());
            ByteBuffer ciphertext = request.getCiphertext().asReadOnlyByteBuffer();
            int version = ciphertext.remaining() > Integer.BYTES ? ciphertext.getInt() : 0;
            if (version < 1 || version > versions.size()) {
                throw invalidCiphertext();
            }
            String versionName = request.getName() + "/cryptoKeyVersions/" + version;
            if (disabledVersions.contains(versionName)) {
                throw Status.FAILED_PRECONDITION.withDescription(versionName + " is not enabled, current state is: "
                        + "DISABLED.").asRuntimeException();
            }
            byte[] sealed = new byte[ciphertext.remaining()];
            ciphertext.get(sealed);
            byte[] plaintext;
            try {
                plaintext = versions.get(version - 1).decrypt(sealed,
                        request.getAdditionalAuthenticatedData().toByteArray());
            } catch (GeneralSecurityException e) {
                throw invalidCiphertext();
            }
            ByteString plain = ByteString.copyFrom(plaintext);
            return DecryptResponse.newBuilder()
                    .setPlaintext(plain)
                    .setPlaintextCrc32C(crc32c(plain))
                    .setUsedPrimary(version == versions.size())
                    .setProtectionLevel(ProtectionLevel.SOFTWARE)
                    .build();
        });
    }

    private <T> void answer(StreamObserver<T> response, Answer<T> answer) {
        synchronized (this) {
            if (holding) {
                heldAnswers.add(() -> answer(response, answer));
                return;
            }
        }
        if (silent) {
            return;
        }
        Status failing = failure.get();
        if (failing != null) {
            response.onError(failing.asRuntimeException());
            return;
        }
        try {
            response.onNext(answer.get());
            response.onCompleted();
        } catch (StatusRuntimeException e) {
            response.onError(e);
        } catch (GeneralSecurityException e) {
            response.onError(Status.INTERNAL.withDescription("encryption failed").asRuntimeException());
        }
    }

    private List<AesGcmJce> versions(String name) {
        List<AesGcmJce> versions = versionsByKey.get(name);
        if (versions == null) {
            throw Status.NOT_FOUND.withDescription("CryptoKey " + name + " not found.").asRuntimeException();
        }
        return versions;
    }

    private static void checkSize(String field, ByteString value) {
        if (value.size() > MAX_INPUT_BYTES) {
            throw Status.INVALID_ARGUMENT.withDescription(field + " is larger than " + MAX_INPUT_BYTES + " bytes")
                    .asRuntimeException();
        }
    }

    private static void checkCrc(String field, ByteString value, boolean given, Int64Value crc) {
        if (given && !crc.equals(crc32c(value))) {
            throw Status.INVALID_ARGUMENT.withDescription("The checksum in field " + field + "_crc32c did not match "
                    + "the data in field " + field + ".").asRuntimeException();
        }
    }

    private static StatusRuntimeException invalidCiphertext() {
        return Status.INVALID_ARGUMENT.withDescription("Decryption failed: the ciphertext is invalid.")
                .asRuntimeException();
    }

    private static AesGcmJce newVersion() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        try {
            return new AesGcmJce(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available in this JVM", e);
        }
    }

    private static Int64Value crc32c(ByteString bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes.asReadOnlyByteBuffer());
        return Int64Value.of(crc.getValue());
    }

    private static <Q extends Message, A extends Message> MethodDescriptor<Q, A> unary(String method, Q request,
            A response) {
        return MethodDescriptor.<Q, A>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, method))
                .setRequestMarshaller(ProtoUtils.marshaller(request))
                .setResponseMarshaller(ProtoUtils.marshaller(response))
                .build();
    }

    /** Computes one answer; a {@link StatusRuntimeException} becomes the call's error. */
    @FunctionalInterface
    private interface Answer<T> {
        T get() throws GeneralSecurityException;
    }
}
