package linkgate.http;

/**
 * An error answer: HTTP status, a snake_case code and a human message, written as
 * {@code {"error": code, "message": text}} by {@link ErrorHandler}. Carries no stack trace: it is
 * an expected outcome, not a bug.
 */
public final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;

  public ApiError(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public static ApiError badRequest(String message) {
    return new ApiError(400, "invalid_request", message);
  }

  public static ApiError notFound(String message) {
    return new ApiError(404, "not_found", message);
  }

  public static ApiError unauthenticated(String message) {
    return new ApiError(401, "unauthenticated", message);
  }

  public static ApiError forbidden(String message) {
    return new ApiError(403, "forbidden", message);
  }

  public static ApiError storeUnavailable() {
    return new ApiError(503, "store_unavailable", "The store is not reachable; try again shortly");
  }
}
