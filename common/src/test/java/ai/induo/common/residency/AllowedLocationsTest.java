package ai.induo.common.residency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AllowedLocationsTest {

    private final AllowedLocations europe = AllowedLocations.of(List.of("EU", "europe-*"));

    @ParameterizedTest
    @ValueSource(strings = {"EU", "eu", "europe-west4", "EUROPE-WEST4", "europe-north1", " Europe-West1 "})
    void europeanLocationsPassTheDefault(String location) {
        assertThat(europe.allows(location)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"US", "ASIA", "us-central1", "asia-east1", "global", "europe", "EUR4", "NAM4", "euro"})
    void otherLocationsAreRefusedByTheDefault(String location) {
        assertThat(europe.allows(location)).isFalse();
    }

    @Test
    void localAlwaysPassesEvenWithNothingAllowed() {
        AllowedLocations none = AllowedLocations.of(List.of());

        assertThat(none.allows("local")).isTrue();
        assertThat(none.allows("LOCAL")).isTrue();
        assertThat(none.allows("EU")).isFalse();
        assertThat(none).hasToString("(none: only local)");
    }

    @Test
    void exactNamesMatchWholeLocationsOnly() {
        AllowedLocations exact = AllowedLocations.of(List.of("europe-west4"));

        assertThat(exact.allows("europe-west4")).isTrue();
        assertThat(exact.allows("europe-west40")).isFalse();
        assertThat(exact.allows("xeurope-west4")).isFalse();
    }

    @Test
    void aStarMayStandAnywhereAndForNothing() {
        AllowedLocations globs = AllowedLocations.of(List.of("*-west4", "eur*"));

        assertThat(globs.allows("europe-west4")).isTrue();
        assertThat(globs.allows("us-west4")).isTrue();
        assertThat(globs.allows("eur")).isTrue();
        assertThat(globs.allows("EUR4")).isTrue();
        assertThat(globs.allows("us-east4")).isFalse();
    }

    @Test
    void blankEntriesAreIgnoredAndTheRestIsShownAsConfigured() {
        assertThat(AllowedLocations.of(List.of(" EU ", "", "europe-*"))).hasToString("EU,europe-*");
    }

    @Test
    void patternsWithOtherCharactersAreRefused() {
        assertThatThrownBy(() -> AllowedLocations.of(List.of("europe.*")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'europe.*' is not a location");
    }
}
