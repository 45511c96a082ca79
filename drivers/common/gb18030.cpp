// iconv-based conversion; an iconv descriptor per call keeps it thread-safe without globals.
#include "common/gb18030.h"

#include <iconv.h>

#include <cerrno>

namespace yiwang::drivers {

namespace {

Result<std::string, std::string> convert(const char* to, const char* from, std::string_view in) {
  iconv_t cd = iconv_open(to, from);
  // NOLINTNEXTLINE(performance-no-int-to-ptr): (iconv_t)-1 is iconv_open's documented failure value
  if (cd == reinterpret_cast<iconv_t>(-1)) return fail(std::string("iconv has no ") + to);
  std::string out(in.size() * 4 + 4, '\0');
  char* in_ptr = const_cast<char*>(in.data());
  std::size_t in_left = in.size();
  char* out_ptr = out.data();
  std::size_t out_left = out.size();
  const std::size_t rc = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
  const int error = errno;
  iconv_close(cd);
  if (rc == static_cast<std::size_t>(-1)) {
    return fail(std::string(error == EILSEQ ? "invalid byte sequence" : "incomplete sequence"));
  }
  out.resize(out.size() - out_left);
  return out;
}

}  // namespace

Result<std::string, std::string> utf8_to_gb18030(std::string_view utf8) {
  return convert("GB18030", "UTF-8", utf8);
}

Result<std::string, std::string> gb18030_to_utf8(std::string_view gb18030) {
  return convert("UTF-8", "GB18030", gb18030);
}

}  // namespace yiwang::drivers
