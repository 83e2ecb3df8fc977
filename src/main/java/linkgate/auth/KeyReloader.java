package linkgate.auth;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import linkgate.config.ConfigException;
import linkgate.config.ConfigLoader;
import linkgate.config.KeyMaterial;
import linkgate.config.LinkgateConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads {@code session.keys} from the configuration file without a restart (on {@code SIGHUP},
 * or when a {@code publicKeyFile} changes). The whole file is read and validated again exactly as
 * at start-up; when it has any problem, the keys in force stay and each problem is logged on a
 * line of its own. Only the keys change: other settings that differ are reported as needing a
 * restart.
 *
 * <p>Blocking (reads files): call it from a worker thread, never an event loop. Reloads are
 * serialised.
 */
public final class KeyReloader {
  private static final Logger LOG = LoggerFactory.getLogger(KeyReloader.class);

  private final Path configFile;
  private final ConfigLoader loader;
  private final SessionKeys keys;
  private final LinkgateConfig.Session started;

  /** {@code started} is the session section the gateway runs with. */
  public KeyReloader(Path configFile, ConfigLoader loader, SessionKeys keys, LinkgateConfig.Session started) {
    this.configFile = configFile;
    this.loader = loader;
    this.keys = keys;
    this.started = started;
  }

  /** What a reload did. */
  public enum Outcome {
    CHANGED,
    UNCHANGED,
    FAILED
  }

  /**
   * Reads the configuration file again and puts its {@code session.keys} in force.
   *
   * @param trigger what asked for it, for the log ("SIGHUP", "file change")
   */
  public synchronized Outcome reload(String trigger) {
    LinkgateConfig config;
    try {
      config = loader.load(configFile);
    } catch (ConfigException e) {
      int inForce = keys.statics().size();
      LOG.warn("session keys not reloaded ({}): {} has {} problem{}; keeping the {} static key{} in force", trigger,
          configFile, e.problems().size(), e.problems().size() == 1 ? "" : "s", inForce, inForce == 1 ? "" : "s");
      for (String problem : e.problems()) {
        LOG.warn("  {}", problem);
      }
      return Outcome.FAILED;
    } catch (RuntimeException e) {
      LOG.warn("session keys not reloaded ({}): {}; keeping the keys in force", trigger, e.toString());
      return Outcome.FAILED;
    }
    LinkgateConfig.Session session = config.session();
    if (!session.withKeys(List.of()).equals(started.withKeys(List.of()))) {
      LOG.warn("{}: session settings other than keys differ from those in force; only session.keys is reloaded,"
          + " restart linkgate to apply the rest", configFile);
    }
    boolean changed = keys.replaceStatic(session.keys());
    if (changed) {
      LOG.info("session keys reloaded ({}): {} static key{} {}; cached sessions and refusals forgotten", trigger,
          session.keys().size(), session.keys().size() == 1 ? "" : "s", describe(session.keys()));
      return Outcome.CHANGED;
    }
    LOG.info("session keys reloaded ({}): unchanged", trigger);
    return Outcome.UNCHANGED;
  }

  /** The public key files of the static keys in force, to watch. */
  public List<Path> keyFiles() {
    return files(keys.statics());
  }

  static List<Path> files(List<LinkgateConfig.KeyConfig> keys) {
    List<Path> files = new ArrayList<>();
    for (LinkgateConfig.KeyConfig k : keys) {
      if (!KeyMaterial.isHmac(k.alg())) {
        files.add(Path.of(k.source()).toAbsolutePath().normalize()); // source is the publicKeyFile
      }
    }
    return files;
  }

  private static List<String> describe(List<LinkgateConfig.KeyConfig> keys) {
    return keys.stream().map(k -> (k.kid() == null ? "" : k.kid() + " ") + k.alg()).toList();
  }
}
