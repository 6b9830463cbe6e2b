package io.shardgate.config;

import java.nio.file.Path;

/** Front-end TLS: PEM certificate chain and PKCS#8 key; {@code required} refuses clients that do not upgrade. */
public record TlsSettings(Path certFile, Path keyFile, boolean required) {
}
