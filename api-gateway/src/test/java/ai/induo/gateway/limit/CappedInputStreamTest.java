package ai.induo.gateway.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;

class CappedInputStreamTest {

    private static final int CAP = 1000;

    @Test
    void anUploadOfExactlyTheCapPassesAndIsCounted() throws IOException {
        CappedInputStream in = capped(new byte[CAP]);

        assertThat(in.transferTo(OutputStream.nullOutputStream())).isEqualTo(CAP);
        assertThat(in.count()).isEqualTo(CAP);
    }

    @Test
    void theReadThatPassesTheCapThrowsAtOnce() {
        ByteArrayInputStream source = new ByteArrayInputStream(new byte[100 * CAP]);
        CappedInputStream in = new CappedInputStream(source, CAP, () -> new IllegalStateException("over the cap"));

        assertThatThrownBy(() -> in.transferTo(OutputStream.nullOutputStream())).hasMessage("over the cap");
        assertThat(source.available()).as("bytes left unread").isGreaterThan(90 * CAP);
    }

    @Test
    void singleByteReadsAndSkipsCountToo() throws IOException {
        CappedInputStream in = capped(new byte[CAP + 1]);

        assertThat(in.skip(CAP)).isEqualTo(CAP);
        assertThatThrownBy(in::read).hasMessage("over the cap");
    }

    @Test
    void closingAStreamPastTheCapLeavesTheStreamBeneathUnread() throws IOException {
        Source source = new Source(2 * CAP);
        CappedInputStream in = new CappedInputStream(source, CAP, () -> new IllegalStateException("over the cap"));

        assertThatThrownBy(() -> in.transferTo(OutputStream.nullOutputStream())).hasMessage("over the cap");
        in.close();

        assertThat(source.closed).isFalse();
    }

    @Test
    void closingAStreamWithinTheCapClosesTheStreamBeneath() throws IOException {
        Source source = new Source(CAP);
        CappedInputStream in = new CappedInputStream(source, CAP, () -> new IllegalStateException("over the cap"));

        in.close();

        assertThat(source.closed).isTrue();
    }

    private static CappedInputStream capped(byte[] content) {
        return new CappedInputStream(new ByteArrayInputStream(content), CAP, () -> new IllegalStateException("over the cap"));
    }

    /** Bytes to read that note whether they were closed. */
    private static final class Source extends ByteArrayInputStream {

        private boolean closed;

        Source(int size) {
            super(new byte[size]);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
