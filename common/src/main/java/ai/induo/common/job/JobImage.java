package ai.induo.common.job;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * One encrypted image of a job in object storage.
 *
 * @param key the object key, named by {@link JobImages}
 * @param contentType the image's media type
 * @param bytes the plaintext size
 */
public record JobImage(Role role, String key, String contentType, int width, int height, long bytes) {

    public JobImage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(key, "key");
    }

    /** What an image is to its job. */
    public enum Role {
        /** The shopper's photo: exactly one per job. */
        PERSON,
        /** A product photo: one or more per job. */
        PRODUCT,
        /** The generated image. */
        OUTPUT;

        /** The stored name: lower case. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Role fromWireName(String name) {
            return Arrays.stream(values())
                    .filter(role -> role.wireName().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown image role: " + name));
        }
    }
}
