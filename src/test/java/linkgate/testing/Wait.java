package linkgate.testing;

import java.util.function.BooleanSupplier;

/** Polls a condition instead of sleeping a fixed time and hoping. */
public final class Wait {
  private Wait() {}

  /** Returns once {@code condition} holds; fails the test after {@code millis}. */
  public static void until(BooleanSupplier condition, long millis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("condition not met within " + millis + " ms");
      }
      Thread.sleep(20);
    }
  }
}
