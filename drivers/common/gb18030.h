// UTF-8 <-> GB18030 through iconv: for receipt printers, and for scanners typing GBK Alt codes.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace yiwang::drivers {

Result<std::string, std::string> utf8_to_gb18030(std::string_view utf8);
Result<std::string, std::string> gb18030_to_utf8(std::string_view gb18030);

}  // namespace yiwang::drivers
