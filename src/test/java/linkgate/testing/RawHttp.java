package linkgate.testing;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assertions;

/**
 * A tiny HTTP/1.1 client over a plain socket for requests that a real client would refuse to
 * send or would normalise: raw bytes in the request line ({@code /go/\evil.com}, CR/LF, non-ASCII),
 * arbitrary header values. One request per connection ({@code Connection: close}).
 */
public final class RawHttp {
  private RawHttp() {}

  /** A parsed answer; {@code status} is -1 when the server closed without answering. */
  public record Response(int status, List<String[]> headers, String body) {
    /** The first value of a header (case-insensitive), or null. */
    public String header(String name) {
      for (String[] h : headers) {
        if (h[0].equalsIgnoreCase(name)) {
          return h[1];
        }
      }
      return null;
    }

    /**
     * Asserts the contract's JSON error: {@code status}, a JSON content type, nosniff, and a body
     * of exactly {@code error} = {@code code} and a non-blank {@code message}.
     */
    public void assertJsonError(int status, String code, String what) {
      String context = what + " -> " + status() + " " + headers().stream().map(h -> h[0] + ": " + h[1]).toList() + " " + body();
      Assertions.assertEquals(status, status(), context);
      String type = header("Content-Type");
      Assertions.assertTrue(type != null && type.startsWith("application/json"), context);
      Assertions.assertEquals("nosniff", header("X-Content-Type-Options"), context);
      JsonObject json = new JsonObject(body());
      Assertions.assertEquals(code, json.getString("error"), context);
      Assertions.assertFalse(json.getString("message").isBlank(), context);
      Assertions.assertEquals(2, json.size(), context);
    }

    /** Every value of a header (case-insensitive). */
    public List<String> headers(String name) {
      List<String> values = new ArrayList<>();
      for (String[] h : headers) {
        if (h[0].equalsIgnoreCase(name)) {
          values.add(h[1]);
        }
      }
      return values;
    }
  }

  /** Sends {@code GET target} over HTTP/1.1 with {@code Host: localhost} and the given header lines ("Name: value"). */
  public static Response get(int port, String target, String... headerLines) {
    List<String> lines = new ArrayList<>();
    lines.add("Host: localhost");
    lines.addAll(List.of(headerLines));
    return send(port, "GET", target, "HTTP/1.1", lines);
  }

  /**
   * Sends the request line {@code method target version} with exactly {@code headerLines} (no
   * {@code Host} unless one is among them), then {@code Connection: close} and no body.
   */
  public static Response send(int port, String method, String target, String version, List<String> headerLines) {
    StringBuilder head = new StringBuilder(method).append(' ').append(target).append(' ').append(version).append("\r\n");
    for (String line : headerLines) {
      head.append(line).append("\r\n");
    }
    head.append("Connection: close\r\n\r\n");
    return exchange(port, head.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The same as {@link #exchange(int, byte[])}, for a request written as text (UTF-8). */
  public static Response exchange(int port, String request) {
    return exchange(port, request.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends {@code request} as is and reads the answer until the server closes or 10 s pass. */
  public static Response exchange(int port, byte[] request) {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      return read(socket.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads one answer (head, then the body by Content-Length or until close). */
  public static Response read(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    int headEnd = -1;
    try {
      while (headEnd < 0) {
        int n = in.read(buf);
        if (n < 0) {
          break;
        }
        all.write(buf, 0, n);
        headEnd = indexOf(all.toByteArray(), "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      }
    } catch (java.net.SocketException e) {
      // a reset before any answer: report it as no answer
    }
    if (headEnd < 0) {
      return new Response(-1, List.of(), "");
    }
    byte[] bytes = all.toByteArray();
    String head = new String(bytes, 0, headEnd, StandardCharsets.ISO_8859_1);
    String[] lines = head.split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    List<String[]> headers = new ArrayList<>();
    int length = -1;
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      String name = lines[i].substring(0, colon).trim();
      String value = lines[i].substring(colon + 1).trim();
      headers.add(new String[] {name, value});
      if (name.toLowerCase(Locale.ROOT).equals("content-length")) {
        length = Integer.parseInt(value);
      }
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(bytes, headEnd + 4, bytes.length - headEnd - 4);
    try {
      while (length < 0 || body.size() < length) {
        int n = in.read(buf);
        if (n < 0) {
          break;
        }
        body.write(buf, 0, n);
      }
    } catch (SocketTimeoutException | java.net.SocketException e) {
      // keep what arrived
    }
    return new Response(status, headers, body.toString(StandardCharsets.UTF_8));
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
