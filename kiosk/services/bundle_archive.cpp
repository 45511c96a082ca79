// tar_gz_folder: ustar headers written by hand (a few fields), gzip through zlib.
#include "services/bundle_archive.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

namespace yiwang::kiosk {

namespace {

namespace fs = std::filesystem;

constexpr std::size_t kBlock = 512;

void octal(char* field, std::size_t width, unsigned long long value) {
  // width - 1 digits and a NUL, as tar writes them (by hand: GCC's -Wformat-truncation at -O2).
  field[width - 1] = '\0';
  for (std::size_t i = width - 1; i-- > 0; value >>= 3)
    field[i] = static_cast<char>('0' + (value & 7));
}

std::string header(const std::string& name, std::size_t size, long long mtime_s) {
  std::string block(kBlock, '\0');
  block.replace(0, name.size(), name);
  char* h = block.data();
  octal(h + 100, 8, 0644);
  octal(h + 108, 8, 0);
  octal(h + 116, 8, 0);
  octal(h + 124, 12, size);
  octal(h + 136, 12, static_cast<unsigned long long>(std::max(0LL, mtime_s)));
  std::memset(h + 148, ' ', 8);  // the checksum counts its own field as spaces
  h[156] = '0';
  block.replace(257, 5, "ustar");  // then a NUL, already there
  block.replace(263, 2, "00");
  unsigned int sum = 0;
  for (unsigned char c : block) sum += c;
  octal(h + 148, 7, sum);
  h[155] = ' ';
  return block;
}

std::optional<std::string> gzip(const std::string& data) {
  z_stream z{};
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return std::nullopt;
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int status = deflate(&z, Z_FINISH);
  const auto written = z.total_out;
  deflateEnd(&z);
  if (status != Z_STREAM_END) return std::nullopt;
  out.resize(written);
  return out;
}

}  // namespace

std::optional<std::string> tar_gz_folder(const std::string& folder, long long mtime_s) {
  std::error_code error;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(folder, error)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  if (error) return std::nullopt;
  std::sort(files.begin(), files.end());
  const std::string prefix = fs::path(folder).filename().string() + "/";
  std::string tar;
  for (const auto& file : files) {
    const std::string name = prefix + file.filename().string();
    if (name.size() >= 100) return std::nullopt;
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    const std::string body((std::istreambuf_iterator<char>(in)), {});
    tar += header(name, body.size(), mtime_s);
    tar += body;
    tar.append((kBlock - body.size() % kBlock) % kBlock, '\0');
  }
  tar.append(2 * kBlock, '\0');
  return gzip(tar);
}

}  // namespace yiwang::kiosk
