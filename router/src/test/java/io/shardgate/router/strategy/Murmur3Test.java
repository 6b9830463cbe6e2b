package io.shardgate.router.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Published MurmurHash3 x86_32 vectors. Rows are placed by this function: if one of these changes, every
 * string-keyed row in every deployment would move, so the vectors must never be edited to make a test pass.
 */
class Murmur3Test {

    @ParameterizedTest(name = "murmur3_32(\"{0}\", seed {1}) = {2}")
    @CsvSource(delimiter = '|', value = {
        "''|0x00000000|0x00000000",
        "''|0x00000001|0x514E28B7",
        "''|0xFFFFFFFF|0x81F16F39",
        "abc|0x00000000|0xB3DD93FA",
        "aaaa|0x9747B28C|0x5A97808A",
        "aaa|0x9747B28C|0x283E0130",
        "aa|0x9747B28C|0x5D211726",
        "a|0x9747B28C|0x7FA09EA6",
        "abcd|0x9747B28C|0xF0478627",
        "abc|0x9747B28C|0xC84A62DD",
        "ab|0x9747B28C|0x74875592",
        "Hello, world!|0x9747B28C|0x24884CBA",
        "hello|0x00000000|0x248BFA47",
        "The quick brown fox jumps over the lazy dog|0x9747B28C|0x2FA826CD",
        "The quick brown fox jumps over the lazy dog|0x00000000|0x2E4FF723",
    })
    void publishedVectors(String text, String seed, String expected) {
        int h = Murmur3.hash32(text.getBytes(StandardCharsets.UTF_8), Integer.parseUnsignedInt(seed.substring(2), 16));
        assertThat(Integer.toHexString(h)).isEqualTo(Integer.toHexString(Integer.parseUnsignedInt(expected.substring(2), 16)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0x00000000|0x2362F9DE",
    })
    void fourZeroBytes(String seed, String expected) {
        assertThat(Murmur3.hash32(new byte[4], Integer.parseUnsignedInt(seed.substring(2), 16)))
                .isEqualTo(Integer.parseUnsignedInt(expected.substring(2), 16));
    }

    @org.junit.jupiter.api.Test
    void utf8OfNonAsciiIsHashedAsBytes() {
        // "π" is 0xCF 0x80 in UTF-8: hash(String) must equal the hash of exactly those bytes
        assertThat(Murmur3.hash("π")).isEqualTo(Murmur3.hash32(new byte[] {(byte) 0xCF, (byte) 0x80}, 0));
    }
}
