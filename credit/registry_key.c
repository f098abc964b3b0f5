/* registry_key: HMAC-SHA-256 pseudonyms through OpenSSL 3's EVP_MAC. The key's inner and
 * outer hash states are computed once; each pseudonym then costs two SHA-256 blocks. */
#include "credit/registry_key.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "data/ident.h"
#include "lib/err.h"

/* What the fingerprint is the HMAC of; a new scheme would take a new text. */
#define FINGERPRINT_TEXT "er-registry subject pseudonyms v1"

/* Longest id normalised before hashing; a longer one is hashed as it is (no id the toolkit
 * normalises is that long). */
enum { NORM_MAX = 256 };

struct er_registry_key {
	char *name;
	EVP_MAC *mac;
	EVP_MAC_CTX *ctx;
};

/* Reads PATH's bytes into KEY (ER_REGISTRY_KEY_MAX + 1 bytes) and *LEN: 0 or ER_EIO. */
static int
read_key(const char *path, unsigned char *key, size_t *len, char *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return er_fail(err, ER_EIO, "cannot open id key '%s': %s", path, strerror(errno));
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return er_fail(err, ER_EIO, "id key '%s' is not a regular file", path);
	}
	if (st.st_mode & 077) {
		close(fd);
		return er_fail(err, ER_EIO, "id key '%s' is open to group or others (chmod 600 '%s')", path, path);
	}
	size_t n = 0;
	for (;;) {
		ssize_t got = read(fd, key + n, ER_REGISTRY_KEY_MAX + 1 - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			int e = errno;
			close(fd);
			return er_fail(err, ER_EIO, "read error '%s': %s", path, strerror(e));
		}
		if (got == 0 || (n += (size_t)got) > ER_REGISTRY_KEY_MAX)
			break;
	}
	close(fd);
	if (n < ER_REGISTRY_KEY_MIN || n > ER_REGISTRY_KEY_MAX)
		return er_fail(err, ER_EIO, "id key '%s' has %s %d bytes (make one with: head -c 32 /dev/urandom)",
		               path, n < ER_REGISTRY_KEY_MIN ? "fewer than" : "more than",
		               n < ER_REGISTRY_KEY_MIN ? ER_REGISTRY_KEY_MIN : ER_REGISTRY_KEY_MAX);
	*len = n;
	return 0;
}

int
er_registry_key_load(er_registry_key **out, const char *path, char *err)
{
	*out = NULL;
	unsigned char key[ER_REGISTRY_KEY_MAX + 1];
	size_t len = 0;
	int st = read_key(path, key, &len, err);
	if (st != 0) {
		OPENSSL_cleanse(key, sizeof key);
		return st;
	}
	er_registry_key *k = calloc(1, sizeof *k);
	if (k && (k->name = strdup(path)) && (k->mac = EVP_MAC_fetch(NULL, "HMAC", NULL)) &&
	    (k->ctx = EVP_MAC_CTX_new(k->mac))) {
		char digest[] = "SHA256";
		OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
		                       OSSL_PARAM_construct_end()};
		if (EVP_MAC_init(k->ctx, key, len, params) == 1) {
			OPENSSL_cleanse(key, sizeof key);
			*out = k;
			return 0;
		}
	}
	OPENSSL_cleanse(key, sizeof key);
	er_registry_key_free(k);
	return er_fail(err, ER_ENOMEM, "out of memory");
}

const char *
er_registry_key_name(const er_registry_key *k)
{
	return k->name;
}

/* The HMAC of S[0..LEN-1] into MAC (32 bytes): 0 or -1. */
static int
hmac(er_registry_key *k, const void *s, size_t len, unsigned char *mac)
{
	size_t n;
	/* No key: start again from the states the key gave (OpenSSL keeps them). */
	if (EVP_MAC_init(k->ctx, NULL, 0, NULL) != 1 || EVP_MAC_update(k->ctx, s, len) != 1 ||
	    EVP_MAC_final(k->ctx, mac, &n, 32) != 1 || n != 32)
		return -1;
	return 0;
}

static void
hex(const unsigned char *b, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[2 * n] = '\0';
}

int
er_registry_key_pseudonym(er_registry_key *k, const char *id, size_t len, char *out)
{
	char norm[NORM_MAX];
	unsigned char mac[32];
	if (len <= NORM_MAX) {
		len = er_ident_norm_id(id, len, norm);
		id = norm;
	}
	if (hmac(k, id, len, mac) != 0)
		return -1;
	hex(mac, ER_REGISTRY_PSEUDONYM_LEN / 2, out);
	return 0;
}

int
er_registry_key_fingerprint(er_registry_key *k, char *out, size_t size)
{
	unsigned char mac[32];
	char h[17];
	if (hmac(k, FINGERPRINT_TEXT, strlen(FINGERPRINT_TEXT), mac) != 0)
		return -1;
	hex(mac, 8, h);
	snprintf(out, size, "hmac-sha256:%s", h);
	return 0;
}

void
er_registry_key_free(er_registry_key *k)
{
	if (!k)
		return;
	EVP_MAC_CTX_free(k->ctx);
	EVP_MAC_free(k->mac);
	free(k->name);
	free(k);
}
