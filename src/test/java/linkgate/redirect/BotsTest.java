package linkgate.redirect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BotsTest {
  @Test
  void isBot_plainHttpLibrariesAndPreviewBots_toldApart() {
    for (String ua : new String[] {"curl/8.5.0", "python-requests/2.31.0", "Java-http-client/17.0.15",
        "Go-http-client/1.1", "okhttp/4.12.0", "Wget/1.21", null, ""}) {
      assertEquals(false, Bots.isBot(ua), ua);
    }
    for (String ua : new String[] {"Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", "Twitterbot/1.0",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "LinkedInBot/1.0 (compatible; Mozilla/5.0)", "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
        "WhatsApp/2.23.20.0", "TelegramBot (like TwitterBot)"}) {
      assertEquals(true, Bots.isBot(ua), ua);
    }
  }
}
