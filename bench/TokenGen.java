import io.jsonwebtoken.Jwts;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes the benchmark's session tokens, one per line: HS256 with kid "bench", audience linkgate,
 * valid for two hours, for readers PREFIX0 .. PREFIX(READERS-1) in turn (READERS defaults to
 * COUNT: one token per reader). Tokens are distinct even for one reader (their jti differs).
 * Run: java -cp target/linkgate.jar bench/TokenGen.java SECRET PREFIX COUNT FILE [READERS]
 */
public class TokenGen {
  public static void main(String[] args) throws Exception {
    SecretKeySpec key = new SecretKeySpec(args[0].getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    String prefix = args[1];
    int count = Integer.parseInt(args[2]);
    int readers = args.length > 4 ? Integer.parseInt(args[4]) : count;
    long now = System.currentTimeMillis();
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[3])))) {
      for (int i = 0; i < count; i++) {
        out.println(Jwts.builder().header().keyId("bench").and()
            .subject(prefix + (i % readers)).id(Integer.toString(i)).audience().add("linkgate").and()
            .issuedAt(new Date(now)).expiration(new Date(now + 2 * 3600_000L))
            .signWith(key, Jwts.SIG.HS256).compact());
      }
    }
  }
}
