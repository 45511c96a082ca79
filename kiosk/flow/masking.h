// How personal data is shown on screen: enough to greet and confirm, not enough to identify.
#pragma once

#include <string>

namespace yiwang::kiosk {

// 张三 -> 张*, 欧阳小明 -> 欧**明.
std::string mask_name(const std::string& name);
// 11010519491231002X -> 1101**********002X.
std::string mask_id_number(const std::string& number);

}  // namespace yiwang::kiosk
