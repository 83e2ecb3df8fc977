package linkgate.redirect;

import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import linkgate.config.LinkgateConfig;
import linkgate.http.ClientAddress;
import linkgate.http.RateLimiter;

/**
 * The {@code limits} of {@code /go/}: per client address, checked before anything else (before
 * any token is looked at), and per reader, keyed by the {@code sub} of a <em>verified</em> session
 * so that a forged token naming a victim cannot drain the victim's bucket. A limit that is not
 * configured costs one null check. Thread-safe.
 */
final class AbuseLimits {
  static final AbuseLimits OFF = new AbuseLimits(null, null, null);

  private final ClientAddress clients;
  private final RateLimiter perIp;
  private final RateLimiter perReader;

  private AbuseLimits(ClientAddress clients, RateLimiter perIp, RateLimiter perReader) {
    this.clients = clients;
    this.perIp = perIp;
    this.perReader = perReader;
  }

  static AbuseLimits of(LinkgateConfig config, Clock clock) {
    LinkgateConfig.Limits limits = config.limits();
    if (limits.perIp() == null && limits.perReader() == null) {
      return OFF;
    }
    return new AbuseLimits(
        new ClientAddress(config.http().trustedProxies()),
        limits.perIp() == null ? null : new RateLimiter(limits.perIp(), limits.maxTracked(), clock),
        limits.perReader() == null ? null : new RateLimiter(limits.perReader(), limits.maxTracked(), clock));
  }

  /** 0 when the client may go on, else seconds to wait. */
  long client(HttpServerRequest request) {
    return perIp == null ? 0 : perIp.acquire(clients.of(request));
  }

  /** 0 when the verified reader may go on, else seconds to wait. */
  long reader(String sub) {
    return perReader == null ? 0 : perReader.acquire(sub);
  }
}
