package ai.induo.gateway.privacy.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The zip an export is written into, one entry at a time and straight to the output: nothing is held
 * but the item being written. JSON is written with the API's mapper, so the files read like the API.
 */
public final class ExportZip implements AutoCloseable {

    private final ZipOutputStream zip;
    private final OutputStream entry;
    private final ObjectMapper mapper;
    private final ObjectWriter writer;

    public ExportZip(OutputStream out, ObjectMapper mapper) {
        this.zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        this.entry = new FilterOutputStream(zip) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                zip.write(bytes, offset, length);
            }

            @Override
            public void close() throws IOException {
                zip.closeEntry();
            }
        };
        this.mapper = mapper;
        this.writer = mapper.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    /** An entry holding {@code text}. */
    public void text(String name, String text) throws IOException {
        try (OutputStream out = open(name)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** An entry holding {@code value} as one JSON document. */
    public void json(String name, Object value) throws IOException {
        try (OutputStream out = open(name)) {
            writer.withDefaultPrettyPrinter().writeValue(out, value);
        }
    }

    /** An entry holding a JSON array of each item's {@code view}, written as the items come. */
    public <T> void jsonArray(String name, Iterator<T> items, Function<? super T, ?> view) throws IOException {
        try (OutputStream out = open(name); JsonGenerator json = mapper.getFactory().createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.useDefaultPrettyPrinter();
            json.writeStartArray();
            while (items.hasNext()) {
                json.writeObject(view.apply(items.next()));
            }
            json.writeEndArray();
        }
    }

    /** An entry holding one JSON line per item, its {@code view}, written as the items come. */
    public <T> void jsonLines(String name, Iterator<T> items, Function<? super T, ?> view) throws IOException {
        try (OutputStream out = open(name)) {
            while (items.hasNext()) {
                writer.writeValue(out, view.apply(items.next()));
                out.write('\n');
            }
        }
    }

    /** An entry copied from {@code content}, a buffer at a time. */
    public void copy(String name, InputStream content) throws IOException {
        try (OutputStream out = open(name)) {
            content.transferTo(out);
        }
    }

    private OutputStream open(String name) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        return entry;
    }

    /** Ends the zip (its central directory) and closes the output. */
    @Override
    public void close() throws IOException {
        zip.close();
    }
}
