package io.mqlengine.local.browser;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven by Debian's chromedriver, both named by path so that Selenium never looks for
 * or downloads a driver or a browser of its own.
 */
final class Chromium {
    /** Debian's paths; -Dmql.chromium and -Dmql.chromedriver name others (Ubuntu's chromium-browser, say). */
    static final Path BROWSER = Path.of(System.getProperty("mql.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("mql.chromedriver", "/usr/bin/chromedriver"));
    // Selenium looks for a DevTools binding of the browser's version, which the tests do not need (their CDP commands
    // go through chromedriver); kept here so the setting outlives the logger's weak reference.
    private static final Logger CDP_VERSION_FINDER = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    private Chromium() {}

    /** Why the browser tests cannot run here, or null when they can. */
    static String missing() {
        if (!Files.isExecutable(BROWSER)) {
            return BROWSER + " is missing (apt-get install chromium chromium-driver, or name it with -Dmql.chromium)";
        }
        if (!Files.isExecutable(DRIVER)) {
            return DRIVER + " is missing (apt-get install chromium-driver, or name it with -Dmql.chromedriver)";
        }
        return null;
    }

    static ChromeDriver start() {
        CDP_VERSION_FINDER.setLevel(Level.SEVERE);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER.toString()))
                .usingAnyFreePort().withTimeout(Duration.ofSeconds(60)).build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1200,900", "--no-first-run", "--disable-extensions");
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
        return driver;
    }
}
