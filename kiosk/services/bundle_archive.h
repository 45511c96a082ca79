// A support bundle folder as one gzip-compressed tar (ustar) in memory, for the platform's
// upload_logs command (POST /v1/terminals/{id}/logs, application/gzip).
#pragma once

#include <optional>
#include <string>

namespace yiwang::kiosk {

// The folder's regular files, sorted by name, under the folder's own name; nullopt when a file
// cannot be read, a name is too long for ustar (100 bytes) or compression fails.
std::optional<std::string> tar_gz_folder(const std::string& folder, long long mtime_s);

}  // namespace yiwang::kiosk
