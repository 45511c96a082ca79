// GET /v1/catalog in pages: each answer within the contract's 1 MiB limit, joined into one.
#pragma once

#include <string>

#include "platform/platform_client.h"

namespace yiwang::kiosk {

// A catalog is at most this many pages (64 MiB of answers): a platform that says more is
// refused rather than followed.
inline constexpr int kMaxCatalogPages = 64;

// Page 1 (conditional on etag: a 304 is returned as it is), then pages 2..pages of the same
// version, their items appended to page 1's. A page of another version or ETag (the catalog
// changed while it was read) or a missing page ends it with a transient error: the next refresh
// starts again.
PlatformResult fetch_catalog(PlatformClient& client, const std::string& etag);

}  // namespace yiwang::kiosk
