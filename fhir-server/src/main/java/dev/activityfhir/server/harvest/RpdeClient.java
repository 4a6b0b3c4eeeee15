package dev.activityfhir.server.harvest;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches RPDE pages and dataset sites over HTTP ({@code java.net.http}). Every request is bounded in time (the
 * whole exchange, body included, not only the wait for headers, across all its redirects) and in size, so a
 * stalled or huge response cannot wedge a harvester. Redirects are followed here, at most {@value #MAX_REDIRECTS}
 * hops, each target judged by the {@link FetchPolicy} before it is requested.
 */
public final class RpdeClient {

  /** 20 MB: far above a 500-item page of real data, far below what would hurt the heap. */
  public static final long DEFAULT_MAX_PAGE_BYTES = 20L * 1024 * 1024;

  /** Redirect hops followed for one fetch. */
  static final int MAX_REDIRECTS = 5;

  private final HttpClient http;
  private final Duration timeout;
  private final long maxBytes;
  private final RpdePageReader reader;

  /**
   * A client.
   *
   * @param timeout the limit of one whole request, connection to last body byte
   * @param maxBytes the largest body accepted
   * @param limits the bounds of one item of a page
   */
  public RpdeClient(Duration timeout, long maxBytes, ItemLimits limits) {
    this.http =
        HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    this.timeout = timeout;
    this.maxBytes = maxBytes;
    this.reader = new RpdePageReader(new ObjectMapper(), limits);
  }

  /** A client with the default item limits. */
  public RpdeClient(Duration timeout, long maxBytes) {
    this(timeout, maxBytes, ItemLimits.DEFAULTS);
  }

  /** A client with a 30 s timeout and a 20 MB page limit. */
  public static RpdeClient withDefaults() {
    return new RpdeClient(Duration.ofSeconds(30), DEFAULT_MAX_PAGE_BYTES);
  }

  /** Fetches and parses one RPDE page, if {@code policy} allows it. */
  public RpdePage fetchPage(String url, FetchPolicy policy) throws FetchException, InterruptedException {
    FetchedDocument document = fetch(url, "application/json", policy);
    return reader.read(url, document.body());
  }

  /**
   * Fetches any document (a page or a dataset site), failing on a URL {@code policy} refuses (here or at any
   * redirect hop), HTTP status >= 400, timeout or size.
   *
   * @param accept the {@code Accept} header to send
   */
  public FetchedDocument fetch(String url, String accept, FetchPolicy policy)
      throws FetchException, InterruptedException {
    URI target;
    try {
      target = new URI(url);
    } catch (URISyntaxException e) {
      throw new FetchRefusedException(new FetchPolicy.Refusal("", FetchPolicy.Rule.MALFORMED_URL));
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      judge(policy, target, hop > 0);
      HttpResponse<byte[]> response = exchange(target, accept, deadline);
      int status = response.statusCode();
      if (status >= 300 && status < 400 && status != 304) {
        String location = response.headers().firstValue("Location").orElse(null);
        if (location == null) {
          throw new FetchException("HTTP " + status, status, null);
        }
        try {
          target = target.resolve(new URI(location.trim()));
        } catch (URISyntaxException | IllegalArgumentException e) {
          throw new FetchRefusedException(
              new FetchPolicy.Refusal("", FetchPolicy.Rule.MALFORMED_URL));
        }
        continue;
      }
      if (status < 200 || status >= 300) {
        throw new FetchException("HTTP " + status, status, null);
      }
      String contentType = response.headers().firstValue("Content-Type").orElse("");
      return new FetchedDocument(url, contentType, response.body());
    }
    throw new FetchRefusedException(
        new FetchPolicy.Refusal(target.getHost() == null ? "" : target.getHost(), FetchPolicy.Rule.TOO_MANY_REDIRECTS));
  }

  private static void judge(FetchPolicy policy, URI target, boolean redirected) throws FetchException {
    Optional<FetchPolicy.Refusal> refusal;
    try {
      refusal = policy.check(target, redirected);
    } catch (UnknownHostException e) {
      throw new FetchException("connection failed", e);
    }
    if (refusal.isPresent()) {
      throw new FetchRefusedException(refusal.get());
    }
  }

  /** One request and its response; a redirect's body and an error's body are read to their end and dropped. */
  private HttpResponse<byte[]> exchange(URI target, String accept, long deadline)
      throws FetchException, InterruptedException {
    long remaining = deadline - System.nanoTime();
    if (remaining <= 0) {
      throw new FetchException("timed out after " + timeout.toMillis() + " ms");
    }
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(target)
              .timeout(Duration.ofNanos(remaining))
              .header("Accept", accept)
              .header("User-Agent", "activity-fhir-harvester")
              .GET()
              .build();
    } catch (IllegalArgumentException e) {
      throw new FetchRefusedException(new FetchPolicy.Refusal("", FetchPolicy.Rule.MALFORMED_URL));
    }
    CompletableFuture<HttpResponse<byte[]>> exchange =
        http.sendAsync(request, info -> new LimitedBody(maxBytes, info.statusCode()));
    try {
      return exchange.get(remaining, TimeUnit.NANOSECONDS);
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
      // Refused, reset, unreachable, TLS...: one category, so /health does not tell closed ports from others.
      throw new FetchException("connection failed", cause);
    }
  }

  /**
   * Collects a body up to a limit and fails as soon as it is passed; an error status body is drained and
   * dropped since only the status matters (and /health never shows a remote body).
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
      this.keep = status >= 200 && status < 300;
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
