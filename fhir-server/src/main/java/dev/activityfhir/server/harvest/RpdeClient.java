package dev.activityfhir.server.harvest;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches RPDE pages and dataset sites over HTTP ({@code java.net.http}). Every request is bounded in time (the
 * whole exchange, body included, not only the wait for headers) and in size, so a stalled or huge response cannot
 * wedge a harvester.
 */
public final class RpdeClient {

  /** 20 MB: far above a 500-item page of real data, far below what would hurt the heap. */
  public static final long DEFAULT_MAX_PAGE_BYTES = 20L * 1024 * 1024;

  private final HttpClient http;
  private final Duration timeout;
  private final long maxBytes;
  private final RpdePageReader reader;

  /**
   * A client.
   *
   * @param timeout the limit of one whole request, connection to last body byte
   * @param maxBytes the largest body accepted
   */
  public RpdeClient(Duration timeout, long maxBytes) {
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    this.timeout = timeout;
    this.maxBytes = maxBytes;
    this.reader = new RpdePageReader(new ObjectMapper());
  }

  /** A client with a 30 s timeout and a 20 MB page limit. */
  public static RpdeClient withDefaults() {
    return new RpdeClient(Duration.ofSeconds(30), DEFAULT_MAX_PAGE_BYTES);
  }

  /** Fetches and parses one RPDE page. */
  public RpdePage fetchPage(String url) throws FetchException, InterruptedException {
    FetchedDocument document = fetch(url, "application/json");
    return reader.read(url, document.body());
  }

  /**
   * Fetches any document (a page or a dataset site), failing on HTTP status >= 400, timeout or size.
   *
   * @param accept the {@code Accept} header to send
   */
  public FetchedDocument fetch(String url, String accept) throws FetchException, InterruptedException {
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(timeout)
              .header("Accept", accept)
              .header("User-Agent", "activity-fhir-harvester")
              .GET()
              .build();
    } catch (IllegalArgumentException e) {
      throw new FetchException("invalid URL " + url, e);
    }
    CompletableFuture<HttpResponse<byte[]>> exchange =
        http.sendAsync(request, info -> new LimitedBody(maxBytes, info.statusCode()));
    HttpResponse<byte[]> response;
    try {
      response = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      exchange.cancel(true);
      throw new FetchException("timed out after " + timeout.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      exchange.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof FetchException fetch) {
        throw fetch;
      }
      if (cause instanceof java.net.http.HttpTimeoutException) {
        throw new FetchException("timed out after " + timeout.toMillis() + " ms", cause);
      }
      throw new FetchException(
          "request failed: " + cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
    }
    int status = response.statusCode();
    if (status >= 400) {
      throw new FetchException("HTTP " + status, status, null);
    }
    String contentType = response.headers().firstValue("Content-Type").orElse("");
    return new FetchedDocument(url, contentType, response.body());
  }

  /**
   * Collects a body up to a limit and fails as soon as it is passed; an error status body is drained and
   * dropped since only the status matters.
   */
  private static final class LimitedBody implements BodySubscriber<byte[]> {

    private final long maxBytes;
    private final boolean keep;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private Flow.Subscription subscription;
    private long size;

    LimitedBody(long maxBytes, int status) {
      this.maxBytes = maxBytes;
      this.keep = status < 400;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer buffer : buffers) {
        size += buffer.remaining();
        if (size > maxBytes) {
          subscription.cancel();
          result.completeExceptionally(
              new FetchException("page larger than the limit of " + maxBytes + " bytes"));
          return;
        }
        if (keep) {
          byte[] bytes = new byte[buffer.remaining()];
          buffer.get(bytes);
          received.write(bytes, 0, bytes.length);
        }
      }
    }

    @Override
    public void onError(Throwable throwable) {
      result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
      result.complete(received.toByteArray());
    }
  }
}
