// libFuzzer target: the catalog parser, fed any bytes the platform (or a corrupt cache) holds.
#include <cstddef>
#include <cstdint>
#include <string>

#include "flow/catalog_model.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string error;
  const auto catalog =
      yiwang::kiosk::parse_catalog(std::string(reinterpret_cast<const char*>(data), size), error);
  if (!catalog && error.empty()) __builtin_trap();  // a refusal always says why
  return 0;
}
