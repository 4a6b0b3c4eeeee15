package dev.activityfhir.server.harvest;

/**
 * Fetching or reading a feed page (or a dataset site) failed: HTTP error status, timeout, network error,
 * oversized or malformed body, or a URL the {@link FetchPolicy} refused. The message says which, for {@code
 * /health}, in a few coarse words: never any text of the remote body, and no detail that would tell one kind of
 * closed or filtered port from another.
 */
public class FetchException extends Exception {

  private static final long serialVersionUID = 1L;

  private final int status;

  /** A failure with no HTTP status (network, timeout, size, parse). */
  public FetchException(String message) {
    this(message, 0, null);
  }

  /** A failure with a cause and no HTTP status. */
  public FetchException(String message, Throwable cause) {
    this(message, 0, cause);
  }

  FetchException(String message, int status, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status of the response, or 0 when there was no usable response. */
  public int status() {
    return status;
  }

  /** True for 404 and 410: the feed is gone (or its URL is wrong), so retrying soon is pointless. */
  public boolean gone() {
    return status == 404 || status == 410;
  }
}
