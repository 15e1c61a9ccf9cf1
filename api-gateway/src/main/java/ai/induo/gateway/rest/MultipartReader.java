package ai.induo.gateway.rest;

import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.commons.fileupload2.core.MultipartInput;
import org.apache.commons.fileupload2.core.ParameterParser;
import org.jboss.logging.Logger;

/**
 * Reads a {@code multipart/form-data} body part by part as it arrives, with Commons FileUpload's
 * streaming parser: a part's content is read straight from the request, and nothing but one part's
 * headers is buffered. Any fault of the body (no boundary, malformed, cut off) is a {@code 400
 * invalid_request}. Not thread-safe.
 */
final class MultipartReader {

    /** Largest header section of one part (Content-Disposition with a long file name, Content-Type). */
    private static final int MAX_PART_HEADER_BYTES = 8 * 1024;

    private static final String BOUNDARY = "boundary";
    private static final String FORM_DATA = "form-data";
    private static final String CONTENT_DISPOSITION = "content-disposition";
    private static final String CONTENT_TYPE = "content-type";

    private static final Logger LOG = Logger.getLogger(MultipartReader.class);

    private final MultipartInput input;
    private MultipartInput.ItemInputStream current;
    private boolean finished;

    private MultipartReader(MultipartInput input) {
        this.input = input;
    }

    /** One part: its form field name, its Content-Type (null if it has none) and its content, read once. */
    record Part(String name, String contentType, InputStream content) {

        /**
         * The content as text in the part's charset (UTF-8 unless its Content-Type says otherwise);
         * more than {@code maxBytes} is refused with {@code 413} without reading further, and bytes
         * that are not text in the charset with {@code 400}, never replaced.
         */
        String text(int maxBytes) {
            return text(maxBytes, () -> ApiException.payloadTooLarge(name + ": larger than " + maxBytes + " bytes."));
        }

        /** {@link #text(int)}, with {@code overLimit} the refusal of more than {@code maxBytes}. */
        String text(int maxBytes, Supplier<ApiException> overLimit) {
            Charset charset = charset();
            byte[] bytes;
            try {
                bytes = content.readNBytes(maxBytes + 1);
            } catch (IOException e) {
                throw unreadable(e);
            }
            if (bytes.length > maxBytes) {
                throw overLimit.get();
            }
            try {
                return charset.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes))
                        .toString();
            } catch (CharacterCodingException e) {
                throw ApiException.badRequest(ErrorCodes.INVALID_REQUEST, name + ": not valid " + charset.name() + " text.");
            }
        }

        private Charset charset() {
            String name = parameters(contentType, ';').get("charset");
            if (name == null) {
                return StandardCharsets.UTF_8;
            }
            try {
                return Charset.forName(name);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(ErrorCodes.INVALID_REQUEST,
                        this.name + ": unsupported charset '" + name + "'.");
            }
        }
    }

    /** A reader of {@code body}, whose boundary comes from {@code contentType}. */
    static MultipartReader open(String contentType, InputStream body) {
        String boundary = parameters(contentType, ';', ',').get(BOUNDARY);
        if (boundary == null || boundary.isEmpty()) {
            throw ApiException.badRequest(ErrorCodes.INVALID_REQUEST,
                    "A multipart/form-data body needs a boundary in its Content-Type.");
        }
        try {
            MultipartInput input = MultipartInput.builder()
                    .setInputStream(body)
                    .setBoundary(boundary.getBytes(StandardCharsets.ISO_8859_1))
                    .setMaxPartHeaderSize(MAX_PART_HEADER_BYTES)
                    .get();
            input.setHeaderCharset(StandardCharsets.UTF_8);
            return new MultipartReader(input);
        } catch (IOException | IllegalArgumentException e) {
            throw ApiException.badRequest(ErrorCodes.INVALID_REQUEST, "The multipart boundary is not usable: " + e.getMessage());
        }
    }

    /**
     * Reads what is left of {@code body}, after the last part or after a refusal, and drops it, so a
     * client that sends its whole body before reading the answer gets the answer. It stops at the
     * limit on request bodies ({@code BodyLimit}), which then closes the connection after the answer;
     * a failure to read the rest only means the client is gone.
     */
    static void discardRest(InputStream body) {
        try {
            body.transferTo(OutputStream.nullOutputStream());
        } catch (IOException | ApiException e) {
            LOG.debugf("the rest of a multipart body was not read: %s", e.getMessage());
        }
    }

    /**
     * The next part, or null after the last. What the caller left unread of the previous part is
     * skipped. A body with no part at all is refused.
     */
    Part next() {
        if (finished) {
            return null;
        }
        try {
            boolean more;
            if (current == null) {
                more = input.skipPreamble();
                if (!more) {
                    throw ApiException.badRequest(ErrorCodes.INVALID_REQUEST,
                            "The multipart body has no part delimited by its boundary.");
                }
            } else {
                current.close();
                more = input.readBoundary();
            }
            if (!more) {
                finished = true;
                return null;
            }
            Map<String, String> headers = headers(input.readHeaders());
            String disposition = headers.get(CONTENT_DISPOSITION);
            if (disposition == null || !disposition.toLowerCase(Locale.ROOT).startsWith(FORM_DATA)) {
                throw ApiException.badRequest(ErrorCodes.INVALID_REQUEST, "Every part needs Content-Disposition: form-data.");
            }
            String name = parameters(disposition, ';').get("name");
            if (name == null || name.isBlank()) {
                throw ApiException.badRequest(ErrorCodes.INVALID_REQUEST, "Every part needs a name in its Content-Disposition.");
            }
            current = input.newInputStream();
            return new Part(name.strip(), headers.get(CONTENT_TYPE), new PartContent(current));
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /**
     * The header section split into lower-cased names and values; a line starting with a space or
     * tab continues the one before, and of a repeated header the first counts.
     */
    private static Map<String, String> headers(String section) {
        Map<String, String> headers = new HashMap<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        for (String line : section.split("\r\n")) {
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
                value.append(' ').append(line.strip());
                continue;
            }
            if (name != null) {
                headers.putIfAbsent(name, value.toString());
                name = null;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                value.setLength(0);
                value.append(line.substring(colon + 1).strip());
            }
        }
        if (name != null) {
            headers.putIfAbsent(name, value.toString());
        }
        return headers;
    }

    private static Map<String, String> parameters(String header, char... separators) {
        ParameterParser parser = new ParameterParser();
        parser.setLowerCaseNames(true);
        return parser.parse(header, separators);
    }

    private static ApiException unreadable(IOException e) {
        return ApiException.badRequest(ErrorCodes.INVALID_REQUEST, "The multipart body could not be read: " + e.getMessage());
    }

    /** A part's content; a body that fails while it is read is the caller's {@code 400}, not our error. */
    private static final class PartContent extends FilterInputStream {

        PartContent(InputStream in) {
            super(in);
        }

        @Override
        public int read() {
            try {
                return super.read();
            } catch (IOException e) {
                throw unreadable(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw unreadable(e);
            }
        }
    }
}
