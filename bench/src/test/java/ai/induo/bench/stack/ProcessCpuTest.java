package ai.induo.bench.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    @Test
    void addsUserAndSystemTicksInMilliseconds() {
        String stat = "4242 (java) S 1 4242 4242 0 -1 4194560 9000 0 12 0 1234 56 0 0 20 0 40 0 1831795 3133440 383";

        assertThat(ProcessCpu.parseStatMillis(stat)).isEqualTo((1234 + 56) * 10.0);
    }

    @Test
    void countsFieldsFromTheLastParenthesisSoANameWithSpacesAndParenthesesParses() {
        String stat = "77 (my (odd) name) R 1 77 77 0 -1 0 0 0 0 0 300 200 0 0 20 0 1 0 5 0 0";

        assertThat(ProcessCpu.parseStatMillis(stat)).isEqualTo(5000.0);
    }

    @Test
    void refusesALineThatIsNotAStatLine() {
        assertThatThrownBy(() -> ProcessCpu.parseStatMillis("no parentheses here"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProcessCpu.parseStatMillis("1 (short) S 1 2"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsTheCpuTimeOfThisVeryProcessFromProc() {
        long pid = ProcessHandle.current().pid();

        assertThat(ProcessCpu.millis(pid)).isPositive();
        assertThat(ProcessCpu.thisJvmMillis()).isPositive();
    }
}
