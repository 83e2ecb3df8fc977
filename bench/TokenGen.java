import io.jsonwebtoken.Jwts;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes the benchmark's session tokens, one per line: HS256 with kid "bench", audience linkgate,
 * valid for two hours. Run: java -cp target/linkgate.jar bench/TokenGen.java SECRET PREFIX COUNT FILE
 */
public class TokenGen {
  public static void main(String[] args) throws Exception {
    SecretKeySpec key = new SecretKeySpec(args[0].getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    String prefix = args[1];
    int count = Integer.parseInt(args[2]);
    long now = System.currentTimeMillis();
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[3])))) {
      for (int i = 0; i < count; i++) {
        out.println(Jwts.builder().header().keyId("bench").and()
            .subject(prefix + i).audience().add("linkgate").and()
            .issuedAt(new Date(now)).expiration(new Date(now + 2 * 3600_000L))
            .signWith(key, Jwts.SIG.HS256).compact());
      }
    }
  }
}
