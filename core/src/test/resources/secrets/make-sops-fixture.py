#!/usr/bin/env python3
"""Writes sops-secret.yaml: a Secret encrypted the way `sops --encrypt --age` does it (no sops
package in Debian): a random data key, age-encrypted for the test key's recipient by the real
`age`, and each value AES256-GCM-encrypted with it (32-byte IV, the value's path as additional
data), plus the MAC over the values encrypted with lastmodified as additional data.
Run from this directory: python3 make-sops-fixture.py (needs age and python3-cryptography)."""
import base64, hashlib, os, subprocess
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

key = os.urandom(32)
recipient = [l.split(": ")[1].strip() for l in open("age-test-key.txt") if "public key" in l][0]
enc = subprocess.run(["age", "--encrypt", "--armor", "--recipient", recipient],
                     input=key, capture_output=True, check=True).stdout.decode()

def encrypt(value, aad, typ="str"):
    iv = os.urandom(32)
    out = AESGCM(key).encrypt(iv, value.encode(), aad.encode())
    data, tag = out[:-16], out[-16:]
    b = lambda x: base64.b64encode(x).decode()
    return f"ENC[AES256_GCM,data:{b(data)},iv:{b(iv)},tag:{b(tag)},type:{typ}]"

values = {"password": "s3cr3t-sops-value", "username": "app"}
lastmodified = "2026-12-07T15:00:00Z"
mac = hashlib.sha512("".join(values.values()).encode()).hexdigest().upper()
lines = ["apiVersion: v1", "kind: Secret", "metadata:", "    name: db", "    namespace: shop",
         "type: Opaque", "stringData:"]
for k, v in values.items():
    lines.append(f"    {k}: {encrypt(v, f'stringData:{k}:')}")
lines += ["sops:", "    kms: []", "    gcp_kms: []", "    azure_kv: []", "    hc_vault: []",
          "    age:", f"        - recipient: {recipient}", "          enc: |"]
lines += ["            " + l for l in enc.strip().splitlines()]
lines += [f"    lastmodified: \"{lastmodified}\"", f"    mac: {encrypt(mac, lastmodified)}",
          "    pgp: []", "    encrypted_regex: ^(data|stringData)$", "    version: 3.8.1"]
open("sops-secret.yaml", "w").write("\n".join(lines) + "\n")
