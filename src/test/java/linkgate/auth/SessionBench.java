package linkgate.auth;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import linkgate.config.LinkgateConfig;
import linkgate.testing.TestGateway;
import linkgate.testing.Tokens;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Session verification: a cache hit (the repeat click) and a full check (cache miss) per
 * algorithm. Run with bench/jmh.sh SessionBench.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SessionBench {
  private SessionVerifier verifier;
  private String hs256;
  private byte[] hs256Bytes;
  private String rs256;
  private String es256;
  private String eddsa;

  @Setup
  public void setUp() throws Exception {
    KeyPair rsa = gen("RSA", 2048);
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair p256 = ec.generateKeyPair();
    KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Clock clock = Clock.systemUTC();
    TestGateway.Builder b = TestGateway.with("session.keys", List.of(
        TestKeys.secretKey("k1", "HS256", Tokens.SECRET),
        TestKeys.publicKey("rsa", "RS256", rsa.getPublic()),
        TestKeys.publicKey("ec", "ES256", p256.getPublic()),
        TestKeys.publicKey("ed", "EdDSA", ed.getPublic())));
    LinkgateConfig config = b.config();
    verifier = new SessionVerifier(config.session(), config.admin(), clock, r -> { });
    hs256 = Tokens.reader(clock, "alice").expiresIn(Duration.ofHours(1)).sign();
    rs256 = Tokens.reader(clock, "alice").header("alg", "RS256").header("kid", "rsa").expiresIn(Duration.ofHours(1))
        .signWith(rsa.getPrivate());
    es256 = Tokens.reader(clock, "alice").header("alg", "ES256").header("kid", "ec").expiresIn(Duration.ofHours(1))
        .signWith(p256.getPrivate());
    eddsa = Tokens.reader(clock, "alice").header("alg", "EdDSA").header("kid", "ed").expiresIn(Duration.ofHours(1))
        .signWith(ed.getPrivate());
    for (String t : List.of(hs256, rs256, es256, eddsa)) {
      if (!(verifier.check(t) instanceof Session)) {
        throw new IllegalStateException("benchmark token refused: " + verifier.check(t));
      }
    }
    verifier.verify(hs256);
    verifier.verify(hs256); // cached (from its second check) for the hit benchmarks
    hs256Bytes = hs256.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  private static KeyPair gen(String alg, int bits) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
    g.initialize(bits);
    return g.generateKeyPair();
  }

  @Benchmark
  public Verdict hit() {
    return verifier.verify(hs256);
  }

  /** A hit as a request sees it: the token is a new string each time, its hash not yet known. */
  @Benchmark
  public Verdict hitNewString() {
    return verifier.verify(new String(hs256Bytes, java.nio.charset.StandardCharsets.ISO_8859_1));
  }

  @Benchmark
  public Verdict missHs256() {
    return verifier.check(hs256);
  }

  @Benchmark
  public Verdict missRs256() {
    return verifier.check(rs256);
  }

  @Benchmark
  public Verdict missEs256() {
    return verifier.check(es256);
  }

  @Benchmark
  public Verdict missEdDsa() {
    return verifier.check(eddsa);
  }
}
