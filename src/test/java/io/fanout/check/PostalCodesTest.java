package io.fanout.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fanout.check.PostalCodes.Place;

class PostalCodesTest {

    private static PostalCodes codes;

    @BeforeAll
    static void load() {
        codes = PostalCodes.load();
    }

    @Test
    void loadsEveryRowOfTheReferenceData() {
        assertThat(codes.size()).isEqualTo(42_555);
    }

    @Test
    void findsAKnownCode() {
        assertThat(codes.find("62704")).contains(new Place("62704", "Springfield", "IL"));
    }

    @Test
    void keepsLeadingZeros() {
        assertThat(codes.find("00501")).contains(new Place("00501", "Holtsville", "NY"));
    }

    @Test
    void findsByZipPlus4AndTrimmed() {
        assertThat(codes.find("62704-1234")).contains(new Place("62704", "Springfield", "IL"));
        assertThat(codes.find("  62704 ")).isPresent();
    }

    @Test
    void unknownOrBlankCodesAreEmpty() {
        assertThat(codes.find("99999")).isEmpty();
        assertThat(codes.find("")).isEmpty();
        assertThat(codes.find(null)).isEmpty();
        assertThat(codes.find("6270")).isEmpty();
    }

    @Test
    void normalizes() {
        assertThat(PostalCodes.normalize("62704")).isEqualTo("62704");
        assertThat(PostalCodes.normalize(" 62704-1234 ")).isEqualTo("62704");
        assertThat(PostalCodes.normalize(" 6270 ")).isEqualTo("6270");
        assertThat(PostalCodes.normalize("62704-12")).isEqualTo("62704-12");
        assertThat(PostalCodes.normalize("abcde")).isEqualTo("abcde");
        assertThat(PostalCodes.normalize(null)).isEmpty();
    }

    @Test
    void buildsFromPlaces() {
        PostalCodes small = PostalCodes.of(List.of(new Place("12345", "Schenectady", "NY")));
        assertThat(small.size()).isEqualTo(1);
        assertThat(small.find("12345-0001")).map(Place::city).contains("Schenectady");
    }
}
