package ai.induo.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class InspectionCopyTest {

    @Test
    void keepsACopyOfWhatPassesWhileItFits() throws IOException {
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        try (InspectionCopy copy = new InspectionCopy(stored, 4)) {
            copy.write(new byte[] {1, 2, 3}, 0, 3);
            copy.write(4);

            assertThat(copy.copy()).hasValueSatisfying(bytes -> assertThat(bytes).containsExactly(1, 2, 3, 4));
        }
        assertThat(stored.toByteArray()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void dropsTheCopyOnceMoreThanItsLimitPassesAndStillPassesEverythingOn() throws IOException {
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        try (InspectionCopy copy = new InspectionCopy(stored, 4)) {
            copy.write(new byte[] {1, 2, 3}, 0, 3);
            copy.write(new byte[] {4, 5}, 0, 2);
            copy.write(6);

            assertThat(copy.copy()).isEmpty();
        }
        assertThat(stored.toByteArray()).containsExactly(1, 2, 3, 4, 5, 6);
    }
}
