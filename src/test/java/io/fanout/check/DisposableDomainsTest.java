package io.fanout.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DisposableDomainsTest {

    private static DisposableDomains domains;

    @BeforeAll
    static void load() {
        domains = DisposableDomains.load();
    }

    @Test
    void loadsTheWholeList() {
        assertThat(domains.size()).isEqualTo(121_570);
    }

    @Test
    void listedDomainIsDisposable() {
        assertThat(domains.isDisposable("mailinator.com")).isTrue();
    }

    @Test
    void subdomainOfAListedDomainIsDisposable() {
        assertThat(domains.isDisposable("x.mailinator.com")).isTrue();
        assertThat(domains.isDisposable("a.b.mailinator.com")).isTrue();
    }

    @Test
    void ignoresCaseAndSurroundingWhitespace() {
        assertThat(domains.isDisposable("MailInator.COM")).isTrue();
        assertThat(domains.isDisposable(" mailinator.com ")).isTrue();
    }

    @Test
    void ordinaryDomainsAreNot() {
        assertThat(domains.isDisposable("gmail.com")).isFalse();
        assertThat(domains.isDisposable("outlook.com")).isFalse();
        assertThat(domains.isDisposable("example.com")).isFalse();
        assertThat(domains.isDisposable("mailinator.com.example.org")).isFalse();
        assertThat(domains.isDisposable("com")).isFalse();
        assertThat(domains.isDisposable("")).isFalse();
        assertThat(domains.isDisposable(null)).isFalse();
    }

    @Test
    void aBareTopLevelEntryDoesNotMarkEverything() {
        DisposableDomains odd = DisposableDomains.of(List.of("com", "Trash.example"));
        assertThat(odd.isDisposable("gmail.com")).isFalse();
        assertThat(odd.isDisposable("a.trash.example")).isTrue();
        assertThat(odd.size()).isEqualTo(2);
    }
}
