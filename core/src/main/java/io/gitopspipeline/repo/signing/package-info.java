/**
 * Signing the commits the engine creates, in the two formats git verifies: OpenPGP ({@link
 * io.gitopspipeline.repo.signing.OpenPgpCommitSigner}, BouncyCastle, from an ASCII-armored secret
 * key) and SSH ({@link io.gitopspipeline.repo.signing.SshCommitSigner}, the SSHSIG format over keys
 * loaded by Apache MINA sshd). {@link io.gitopspipeline.repo.signing.CommitSigners#load} reads a
 * {@link io.gitopspipeline.repo.signing.SigningSettings} and checks the key up front, so an
 * unusable key fails before anything is fetched, committed or pushed.
 */
package io.gitopspipeline.repo.signing;
