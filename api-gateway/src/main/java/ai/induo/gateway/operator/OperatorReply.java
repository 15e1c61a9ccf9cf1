package ai.induo.gateway.operator;

import java.io.IOException;
import java.io.OutputStream;

/** The answer of an operator route: a JSON document, or bytes streamed as they are written. */
public sealed interface OperatorReply {

    /** A JSON answer: {@code body} is written by Jackson. */
    record Json(int status, Object body) implements OperatorReply {
    }

    /** A streamed answer, e.g. a zip, offered as a download named {@code fileName}. */
    record Stream(String contentType, String fileName, Body body) implements OperatorReply {
    }

    /** Writes a streamed answer's bytes. */
    @FunctionalInterface
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** {@code 200} with this JSON body. */
    static OperatorReply ok(Object body) {
        return new Json(200, body);
    }

    /** {@code 202} with this JSON body: the work goes on after the answer. */
    static OperatorReply accepted(Object body) {
        return new Json(202, body);
    }

    /** {@code 200}, the body streamed as {@code writer} writes it. */
    static OperatorReply stream(String contentType, String fileName, Body writer) {
        return new Stream(contentType, fileName, writer);
    }
}
