package ai.induo.common.net;

/**
 * A customer-supplied URL is not usable as written, whatever it points to. The message says what
 * is wrong with it as the end of a sentence about the URL ("must be an absolute http or https
 * URL"), for the caller to put after the name of the field.
 */
public class InvalidUrlException extends Exception {

    public InvalidUrlException(String message) {
        super(message);
    }
}
