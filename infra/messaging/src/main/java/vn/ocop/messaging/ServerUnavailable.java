package vn.ocop.messaging;

/**
 * Thrown by an event handler when a server it needs (other than its database, which the platform
 * recognises by itself) cannot serve it now: the failure says nothing about the event. The consumer
 * waits and tries the same event again until the server is back, and never dead-letters it.
 *
 * @see Outages
 */
public class ServerUnavailable extends RuntimeException {

    public ServerUnavailable(String server, Throwable cause) {
        super(server + " is unavailable: " + cause, cause);
    }
}
