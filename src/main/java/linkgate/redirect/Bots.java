package linkgate.redirect;

import java.util.List;
import java.util.Locale;

/**
 * Recognises link-preview bots and crawlers by {@code User-Agent}, so that a chat app unfurling a
 * link is not counted as a reader being blocked. Plain HTTP libraries (curl, python-requests,
 * Java, Go) and a missing User-Agent are not bots: they may be people. Stateless.
 */
public final class Bots {
  private static final List<String> MARKERS = List.of(
      "slackbot", "slack-imgproxy", "twitterbot", "facebookexternalhit", "facebookcatalog", "facebot",
      "meta-externalagent", "googlebot", "google-inspectiontool", "googleother", "adsbot-google",
      "mediapartners-google", "apis-google", "feedfetcher-google", "bingbot", "bingpreview", "msnbot",
      "linkedinbot", "discordbot", "telegrambot", "whatsapp", "skypeuripreview", "applebot",
      "duckduckbot", "yandexbot", "yandex.com/bots", "baiduspider", "pinterestbot", "pinterest/",
      "redditbot", "embedly", "iframely", "mastodon", "bluesky", "cardyb", "vkshare", "petalbot",
      "semrushbot", "ahrefsbot", "mj12bot", "dotbot", "bytespider", "gptbot", "chatgpt-user",
      "claudebot", "claude-web", "ccbot", "amazonbot", "perplexitybot", "qwantify", "seznambot",
      "zoominfobot", "outbrain", "quora link preview", "snapchat", "viber", "line-poker", "kakaotalk",
      "nuzzel", "flipboard", "tumblr", "google-pagerenderer", "prerender",
      "crawler", "spider", "bot/", "bot;", "bot)", "+http");

  private Bots() {}

  /** True when {@code userAgent} belongs to a known preview bot or crawler. */
  public static boolean isBot(String userAgent) {
    if (userAgent == null || userAgent.isEmpty()) {
      return false;
    }
    String ua = userAgent.toLowerCase(Locale.ROOT);
    for (String marker : MARKERS) {
      if (ua.contains(marker)) {
        return true;
      }
    }
    return false;
  }
}
