// hostile-client: the hostile mix of issue 18 for a given time against a running simulator:
// slow clients, oversize bodies, a huge request line, deep JSON, wrong types and concurrent
// replays of one application. Prints one line of counts per kind; exit 1 when any answer was
// not the contract's (a crash shows as answers that never come).
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "hostile/raw_http.h"
#include "support/sample_application.h"

using namespace yiwang::test;
using Clock = std::chrono::steady_clock;

namespace {

struct Tally {
  std::atomic<long> sent{0};
  std::atomic<long> expected{0};
  std::atomic<long> unexpected{0};
};

struct Mix {
  int port = 0;
  Clock::time_point end;
  bool running() const { return Clock::now() < end; }
};

int status_of(const Mix& mix, const std::string& request, const std::string& source) {
  RawConnection connection(mix.port, source);
  if (!connection.open()) return 0;
  connection.send(request, 5000);
  return parse_answer(connection.receive(15000)).status;
}

void count(Tally& tally, bool as_expected) {
  ++tally.sent;
  ++(as_expected ? tally.expected : tally.unexpected);
}

std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

// Fifty connections that each send a byte a second and never finish; reopened when closed.
void slowloris(const Mix& mix, Tally& tally) {
  const std::string request = "POST /v1/evaluations HTTP/1.1\r\nHost: x\r\nContent-Length: 99";
  std::vector<std::unique_ptr<RawConnection>> slow(50);
  std::vector<std::size_t> at(slow.size(), 0);
  while (mix.running()) {
    for (std::size_t i = 0; i < slow.size(); ++i) {
      if (!slow[i] || slow[i]->closed_by_peer(0)) {
        if (slow[i]) count(tally, true);  // closed by the simulator's deadline
        slow[i] =
            std::make_unique<RawConnection>(mix.port, "127.0.4." + std::to_string(1 + i / 10));
        at[i] = 0;
      }
      slow[i]->send(request.substr(at[i]++ % request.size(), 1), 100);
    }
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
}

void oversize(const Mix& mix, Tally& tally) {
  const std::string megabyte(1024 * 1024, 'x');
  for (int round = 0; mix.running(); ++round) {
    RawConnection connection(mix.port, "127.0.5.1");
    connection.send(
        "POST /v1/applications HTTP/1.1\r\nHost: x\r\nIdempotency-Key: big\r\n"
        "Content-Length: 52428800\r\n\r\n" +
            megabyte,
        2000);
    count(tally, parse_answer(connection.receive(15000)).status == 413);
    if (round % 10 == 9) {
      // A 200 MB request line: the simulator stops reading and closes it.
      RawConnection line(mix.port, "127.0.5.2");
      line.send("GET /");
      std::size_t sent = 0;
      while (sent < 200u * 1024 * 1024 && line.send(megabyte, 1000)) sent += megabyte.size();
      count(tally, sent < 200u * 1024 * 1024 && line.closed_by_peer(20000));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

void deep_and_wrong(const Mix& mix, Tally& tally) {
  const std::string deep = R"({"item_code": "x", "level": 5, "reasons": )" + nested(100000) + "}";
  const std::string wrong = R"({"item_code": "460100-0003-0002", "level": "5"})";
  for (long round = 0; mix.running(); ++round) {
    const std::string key = "hostile-deep-" + std::to_string(round);
    count(tally, status_of(mix, http_post("/v1/evaluations", deep, {{"Idempotency-Key", key}}),
                           "127.0.6.1") == 400);
    count(tally, status_of(mix, http_post("/v1/evaluations", wrong, {{"Idempotency-Key", key}}),
                           "127.0.6.1") == 400);
    nlohmann::json digits = nlohmann::json::parse(sample_application("HOSTILE-DIGITS"));
    digits["form"]["phone"] = std::string(30000, '1');
    count(tally,
          status_of(mix, http_post("/v1/applications", digits.dump(), {{"Idempotency-Key", key}}),
                    "127.0.6.1") == 422);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

// Eight clients send the same application under one key at once: one case, whatever the order.
void replays(const Mix& mix, Tally& tally, std::atomic<long>& rounds) {
  for (long round = 0; mix.running(); ++round) {
    const std::string local_id = "HOSTILE-REPLAY-" + std::to_string(round);
    const std::string request =
        http_post("/v1/applications", sample_application(local_id),
                  {{"Idempotency-Key", "hostile-replay-" + std::to_string(round)}});
    std::vector<std::thread> clients;
    std::atomic<int> good{0};
    for (int i = 0; i < 8; ++i) {
      clients.emplace_back([&] {
        const int status = status_of(mix, request, "127.0.7.1");
        if (status == 201 || status == 409) ++good;  // 409: request_in_progress, retry later
      });
    }
    for (auto& client : clients) client.join();
    count(tally, good == 8);
    ++rounds;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 && argc != 4) {
    std::fputs("usage: hostile-client PORT SECONDS [KINDS: slow,oversize,deep,replays]\n", stderr);
    return 2;
  }
  const std::string kinds = argc == 4 ? argv[3] : "slow,oversize,deep,replays";
  auto wanted = [&](const char* kind) { return kinds.find(kind) != std::string::npos; };
  Mix mix;
  mix.port = std::atoi(argv[1]);
  mix.end = Clock::now() + std::chrono::seconds(std::atoi(argv[2]));
  Tally slow, big, bad, replay;
  std::atomic<long> replay_rounds{0};
  std::vector<std::thread> attackers;
  if (wanted("slow")) attackers.emplace_back([&] { slowloris(mix, slow); });
  if (wanted("oversize")) attackers.emplace_back([&] { oversize(mix, big); });
  if (wanted("deep")) attackers.emplace_back([&] { deep_and_wrong(mix, bad); });
  if (wanted("replays")) attackers.emplace_back([&] { replays(mix, replay, replay_rounds); });
  for (auto& attacker : attackers) attacker.join();
  long unexpected = 0;
  for (const auto& [name, tally] : {std::pair<const char*, Tally*>{"slowloris", &slow},
                                    {"oversize", &big},
                                    {"deep+types", &bad},
                                    {"replays", &replay}}) {
    std::printf("hostile %s: %ld sent, %ld as the contract says, %ld otherwise\n", name,
                tally->sent.load(), tally->expected.load(), tally->unexpected.load());
    unexpected += tally->unexpected;
  }
  std::printf("replay-rounds %ld\n", replay_rounds.load());
  return unexpected == 0 ? 0 : 1;
}
