package linkgate.redirect;

import java.util.List;
import java.util.Locale;

/**
 * Recognises link-preview bots and crawlers by {@code User-Agent}, so that a chat app unfurling a
 * link is not counted as a reader being blocked. Plain HTTP libraries (curl, python-requests,
 * Java, Go) and a missing User-Agent are not bots: they may be people. Stateless.
 *
 * <p>A marker names the preview agent itself, never just the app: the in-app browsers of
 * KakaoTalk ({@code KAKAOTALK 10.6.5}), Snapchat ({@code Snapchat/12.74}), Pinterest
 * ({@code [Pinterest/iOS]}), Tumblr ({@code Tumblr/iPhone/…}) and Flipboard ({@code Flipboard/4.3})
 * carry the app's name and are people; their previewers announce {@code kakaotalk-scrap},
 * {@code Snap URL Preview Service}, {@code Pinterestbot}, {@code Tumblr/14.0.835.186} and
 * {@code FlipboardProxy}.
 */
public final class Bots {
  private static final List<String> MARKERS = List.of(
      "slackbot", "slack-imgproxy", "twitterbot", "facebookexternalhit", "facebookcatalog", "facebot",
      "meta-externalagent", "googlebot", "google-inspectiontool", "googleother", "adsbot-google",
      "mediapartners-google", "apis-google", "feedfetcher-google", "bingbot", "bingpreview", "msnbot",
      "linkedinbot", "discordbot", "telegrambot", "whatsapp", "skypeuripreview", "applebot",
      "duckduckbot", "yandexbot", "yandex.com/bots", "baiduspider", "pinterestbot",
      "redditbot", "embedly", "iframely", "mastodon", "bluesky", "cardyb", "vkshare", "petalbot",
      "semrushbot", "ahrefsbot", "mj12bot", "dotbot", "bytespider", "gptbot", "chatgpt-user",
      "claudebot", "claude-web", "ccbot", "amazonbot", "perplexitybot", "qwantify", "seznambot",
      "zoominfobot", "outbrain", "quora link preview", "snap url preview", "viber", "line-poker",
      "kakaotalk-scrap", "nuzzel", "flipboardproxy", "flipboardrss", "tumblr/14.0.835.186",
      "google-pagerenderer", "prerender",
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
