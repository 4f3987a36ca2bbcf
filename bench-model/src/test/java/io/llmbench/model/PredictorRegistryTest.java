package io.llmbench.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class PredictorRegistryTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"auto, auto", "BEST, auto", "physical, physical", " Kriging , physical", "gp, physical",
            "knn, knn(k=2)", "nearest, knn(k=2)", "neighbour, knn(k=2)", "Nearest-Neighbor, knn(k=2)", "knn3, knn(k=3)",
            "'knn(k=5)', knn(k=5)", "linear, linear", "ols, linear", "least-squares, linear"})
    void findsPredictorsByTheNamesUsersType(String typed, String name) {
        assertThat(Predictor.named(typed).name()).isEqualTo(name);
    }

    static java.util.stream.Stream<Predictor> builtIns() {
        return java.util.stream.Stream.of(Predictor.auto(), Predictor.physical(), Predictor.linear(), Predictor.nearestNeighbour(),
                Predictor.nearestNeighbour(7));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtIns")
    void acceptsEveryNameABuiltInReports(Predictor p) {
        assertThat(Predictor.named(p.name()).name()).isEqualTo(p.name());
    }

    @Test
    void listsTheCanonicalNames() {
        assertThat(Predictor.names()).containsExactly("auto", "physical", "knn", "linear");
        Predictor.names().forEach(n -> assertThat(Predictor.named(n)).isNotNull());
    }

    @Test
    void anUnknownNameIsAnErrorListingTheValidOnes() {
        assertThatThrownBy(() -> Predictor.named("magic"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("predictor must be one of auto, physical, knn, linear (aliases: ")
                .hasMessageEndingWith("), but was 'magic'");
        assertThatThrownBy(() -> Predictor.named("knn0")).hasMessageEndingWith("but was 'knn0'");
    }
}
