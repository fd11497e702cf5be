package vn.ocop.events;

/** A record that no retry can make readable: it belongs on the dead-letter topic. */
public class UnreadableEvent extends RuntimeException {

    public UnreadableEvent(String message, Throwable cause) {
        super(message, cause);
    }
}
