package io.gitopspipeline.repo.signing;

/**
 * How a commit was signed, for reports.
 *
 * @param format the signature format
 * @param fingerprint the signing key's fingerprint: 40 hex digits for OpenPGP (the signing
 *     subkey's), {@code SHA256:…} for SSH
 */
public record CommitSignature(SigningFormat format, String fingerprint) {}
