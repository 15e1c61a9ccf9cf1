package ai.induo.model;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A named tensor of the try-on contract: its name, element type and shape.
 *
 * @param name       the graph input or output name
 * @param type       the element type
 * @param dimensions the shape, outermost dimension first
 */
public record TensorSpec(String name, ElementType type, List<Dimension> dimensions) {

    public TensorSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        dimensions = List.copyOf(dimensions);
    }

    /** Creates a spec from its dimensions, outermost first. */
    public static TensorSpec of(String name, ElementType type, Dimension... dimensions) {
        return new TensorSpec(name, type, List.of(dimensions));
    }

    /** The number of dimensions. */
    public int rank() {
        return dimensions.size();
    }

    @Override
    public String toString() {
        return name + ": " + type + dimensions.stream().map(Dimension::toString)
                .collect(Collectors.joining(",", "[", "]"));
    }
}
