// ReplyDecoder gives exactly the facts, or exactly the error, of the generated-code path
// (DecodeQueryCfgResponse + ReplyFactsBuilder::Build): on the whole corpus, the fuzz corpora,
// 10,000 random replies (each also mutated), replies of odd shapes, and under lowered limits.
#include "engine/testing/files.h"
#include "meta_integration/plugin/reply_decoder.h"

#include <dirent.h>
#include <sys/stat.h>

#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "meta_integration/plugin/reply_oracle.h"
#include "meta_integration/wire/pegasus_codec.h"
#include "meta_integration/wire/testing/wire_writer.h"

namespace dupready {
namespace {

using testing::ReadFile;

using namespace ::dupready::testonly;  // NOLINT: WireWriter, its type codes, the oracle

const DupContextView kDup{"dup_test", "target_cluster", "dup_test_3", 8, 3};

std::string Compare(const std::string& bytes, const PegasusWireLimits& limits = {}) {
  return CompareWithOracle(kDup, "ERR_OK", reinterpret_cast<const uint8_t*>(bytes.data()),
                           bytes.size(), limits);
}

// `decoder` alone on the reply `bytes` of a successful call.
absl::Status Decode(ReplyDecoder* decoder, const std::string& bytes, FollowerFacts* facts,
                    const PegasusWireLimits& limits = {}) {
  return decoder->Decode(kDup, "ERR_OK", reinterpret_cast<const uint8_t*>(bytes.data()),
                         bytes.size(), facts, limits);
}

void Files(const std::string& path, std::vector<std::string>* out) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return;
  if (!S_ISDIR(st.st_mode)) {
    out->push_back(path);
    return;
  }
  DIR* dir = ::opendir(path.c_str());
  ASSERT_NE(dir, nullptr) << path;
  while (dirent* e = ::readdir(dir)) {
    const std::string name = e->d_name;
    if (name != "." && name != "..") Files(path + "/" + name, out);
  }
  ::closedir(dir);
}

// Random bytes of the shapes a reply can take: fields in any order, repeated, absent, of the
// wrong wire type, unknown ones of every type; hosts safe and not; both address forms.
class RandomReply {
 public:
  explicit RandomReply(uint32_t seed) : rng_(seed) {}

  std::string Make() {
    WireWriter w;
    Fields(&w, 5, [&](int id) { ResponseField(&w, id); });
    return w.Stop().bytes();
  }

  // One to four random changes: a byte changed, bytes cut out or added, a size made huge.
  std::string Mutate(std::string bytes) {
    for (int m = 1 + Pick(4); m > 0; --m) {
      const size_t at = rng_() % bytes.size();
      switch (Pick(4)) {
        case 0: bytes[at] = static_cast<char>(rng_()); break;
        case 1: bytes.erase(at, 1 + Pick(8)); break;
        case 2: bytes.insert(at, std::string(1 + Pick(4), static_cast<char>(rng_()))); break;
        default: bytes.replace(at, 4, "\x7f\xff\xff\xff"); break;
      }
      if (bytes.empty()) bytes = "\x0c";
    }
    return bytes;
  }

  // Negative or repeated partition indices written so far.
  int odd_indices() const { return odd_indices_; }

 private:
  int Pick(int n) { return static_cast<int>(rng_() % static_cast<uint32_t>(n)); }

  // Known fields 1..known, mostly once each in order; sometimes shuffled, dropped, repeated,
  // or mixed with unknown fields.
  template <typename Write>
  void Fields(WireWriter* w, int known, Write write) {
    std::vector<int> ids;
    for (int id = 1; id <= known; ++id)
      if (Pick(8) != 0) ids.push_back(id);
    if (Pick(4) == 0) std::shuffle(ids.begin(), ids.end(), rng_);
    if (Pick(6) == 0 && !ids.empty()) ids.push_back(ids[Pick(static_cast<int>(ids.size()))]);
    if (Pick(5) == 0) ids.insert(ids.begin() + Pick(static_cast<int>(ids.size()) + 1), 0);
    for (int id : ids) {
      if (id == 0) {
        Unknown(w, static_cast<int16_t>(known + 1 + Pick(40)), 0);
      } else if (Pick(30) == 0) {
        Unknown(w, static_cast<int16_t>(id), 0);  // a known id with a (probably) wrong type
      } else {
        write(id);
      }
    }
  }

  void Unknown(WireWriter* w, int16_t id, int depth) {
    switch (Pick(depth > 2 ? 4 : 7)) {
      case 0: w->Field(kTI32, id).I32(static_cast<int32_t>(rng_())); break;
      case 1: w->Field(kTString, id).String(std::string(Pick(12), 'u')); break;
      case 2: w->Field(kTBool, id).Byte(static_cast<uint8_t>(Pick(3))); break;
      case 3: w->Field(kTI64, id).I64(static_cast<int64_t>(rng_())); break;
      case 4: {
        w->Field(kTStruct, id);
        for (int n = Pick(3); n > 0; --n) Unknown(w, static_cast<int16_t>(1 + Pick(9)), depth + 1);
        w->Stop();
        break;
      }
      case 5: {
        const int n = Pick(4);
        w->Field(kTList, id).List(kTI32, n);
        for (int i = 0; i < n; ++i) w->I32(i);
        break;
      }
      default: {
        const int n = Pick(3);
        w->Field(kTMap, id).Byte(kTString).Byte(kTI64).I32(n);
        for (int i = 0; i < n; ++i) w->String("k").I64(i);
        break;
      }
    }
  }

  std::string ErrorName() {
    static const char* const kNames[] = {"ERR_OK", "ERR_OK", "ERR_OK", "ERR_APP_NOT_EXIST",
                                         "ERR_BUSY", "", "ERR OK", "ERR_\x01"};
    return kNames[Pick(8)];
  }

  std::string Host() {
    static const char* const kHosts[] = {"10.0.0.1", "10.0.1.17", "node-3.dc", "a", "",
                                         "bad host", "evil\x1b[31m", "x_y.z-1"};
    if (Pick(40) == 0) return std::string(256, 'h');  // longer than a host may be
    return kHosts[Pick(8)];
  }

  void HostPort(WireWriter* w) {
    const int type = Pick(6) == 0 ? 0 : 1;
    w->String(Host()).I16(static_cast<int16_t>(Pick(2) ? 34801 : Pick(65536))).Byte(
        static_cast<uint8_t>(type));
  }

  int64_t RpcAddress() {
    if (Pick(6) == 0) return Pick(2) ? 0 : int64_t{0x0A00000100000000};  // invalid
    const uint64_t ip = 0x0A000000u | static_cast<uint32_t>(rng_() & 0xFFFFF);
    const uint64_t port = Pick(2) ? 34801 : static_cast<uint64_t>(Pick(65536));
    return static_cast<int64_t>(ip << 32 | port << 16 | 1);
  }

  int ListSize() { return Pick(50) == 0 ? 60 + Pick(10) : Pick(4); }  // a few over 64

  // Mostly the partition's position; sometimes negative or an index an earlier one has.
  int32_t PartitionIndex(int position) {
    switch (Pick(20)) {
      case 0: ++odd_indices_; return -1 - Pick(3);
      case 1: ++odd_indices_; return Pick(position + 1);
      default: return position;
    }
  }
  static int64_t Gpid(int32_t pidx, int32_t app_id = 3) {
    return static_cast<int64_t>(uint64_t{static_cast<uint32_t>(pidx)} << 32 |
                                static_cast<uint32_t>(app_id));
  }

  void ResponseField(WireWriter* w, int id) {
    switch (id) {
      case 1: w->Field(kTStruct, 1).String(ErrorName()); break;
      case 2: w->Field(kTI32, 2).I32(static_cast<int32_t>(rng_())); break;
      case 3: w->Field(kTI32, 3).I32(Pick(20)); break;
      case 4: w->Field(kTBool, 4).Byte(static_cast<uint8_t>(Pick(3))); break;
      default: {
        const int n = Pick(12);
        w->Field(kTList, 5).List(kTStruct, n);
        for (int i = 0; i < n; ++i) Partition(w, i);
        break;
      }
    }
  }

  void Partition(WireWriter* w, int pidx) {
    Fields(w, 11, [&](int id) {
      switch (id) {
        case 1: w->Field(kTStruct, 1).I64(Gpid(PartitionIndex(pidx))); break;
        case 2: w->Field(kTI64, 2).I64(Pick(100)); break;
        case 3: w->Field(kTI32, 3).I32(Pick(6) - 1); break;
        case 4: w->Field(kTStruct, 4).I64(RpcAddress()); break;
        case 5:
        case 6: {
          const int n = ListSize();
          w->Field(kTList, static_cast<int16_t>(id)).List(kTStruct, n);
          for (int i = 0; i < n; ++i) w->I64(RpcAddress());
          break;
        }
        case 7: w->Field(kTI64, 7).I64(static_cast<int64_t>(rng_())); break;
        case 8: w->Field(kTI32, 8).I32(Pick(3)); break;
        case 9:
          w->Field(kTStruct, 9);
          HostPort(w);
          break;
        default: {  // 10, 11
          const int n = ListSize();
          w->Field(kTList, static_cast<int16_t>(id)).List(kTStruct, n);
          for (int i = 0; i < n; ++i) HostPort(w);
          break;
        }
      }
    });
    w->Stop();
  }

  std::mt19937 rng_;
  int odd_indices_ = 0;
};

TEST(ReplyDecoderTest, SameAsGeneratedCodeOnTheCorpus) {
  std::vector<std::string> files;
  Files("testdata/corpus", &files);
  int replies = 0;
  for (const std::string& f : files) {
    if (f.size() < 10 || f.compare(f.size() - 10, 10, ".reply.bin") != 0) continue;
    ++replies;
    const std::string bytes = ReadFile(f);
    EXPECT_EQ(Compare(bytes), "") << f;
    // Every truncation fails alike.
    for (size_t len = 0; len < bytes.size(); len += 1 + len / 8)
      ASSERT_EQ(Compare(bytes.substr(0, len)), "") << f << " cut to " << len;
  }
  EXPECT_GE(replies, 40);  // the corpus is there
}

TEST(ReplyDecoderTest, SameAsGeneratedCodeOnTheFuzzCorpora) {
  std::vector<std::string> files;
  Files("testdata/fuzz", &files);
  ASSERT_GE(files.size(), 50u);
  for (const std::string& f : files) EXPECT_EQ(Compare(ReadFile(f)), "") << f;
}

// What ReplyDecoder makes of `bytes`: usable, refused by the walk, refused as facts, or
// decoded but with partition indices no table has (CheckPartitionIndices).
struct Tally {
  int usable = 0, wire_errors = 0, fact_errors = 0, index_errors = 0;
  void Add(const std::string& bytes, const PegasusWireLimits& limits = {}) {
    ReplyDecoder decoder;
    FollowerFacts facts;
    const absl::Status s = Decode(&decoder, bytes, &facts, limits);
    if (s.ok()) {
      ++(CheckPartitionIndices(facts).ok() ? usable : index_errors);
    } else if (s.message().find("not a valid address") != absl::string_view::npos ||
               s.message().find("not an error name") != absl::string_view::npos) {
      ++fact_errors;
    } else {
      ++wire_errors;
    }
  }
};

TEST(ReplyDecoderTest, SameAsGeneratedCodeOnRandomReplies) {
  RandomReply random(1234);
  Tally whole, mutated;
  for (int i = 0; i < 10000; ++i) {
    const std::string bytes = random.Make();
    ASSERT_EQ(Compare(bytes), "") << "reply " << i;
    whole.Add(bytes);
    const std::string changed = random.Mutate(bytes);
    ASSERT_EQ(Compare(changed), "") << "reply " << i << " mutated";
    mutated.Add(changed);
  }
  // The replies reach every outcome, so the comparison above covers facts and both errors.
  EXPECT_GT(whole.usable, 1000);
  EXPECT_GT(whole.fact_errors, 1000);
  EXPECT_GT(mutated.wire_errors, 3000);
  EXPECT_GT(random.odd_indices(), 1000);  // negative and repeated partition indices compared too
  EXPECT_GT(whole.index_errors, 20);      // and refused alike
}

TEST(ReplyDecoderTest, SameAsGeneratedCodeUnderLoweredLimits) {
  std::vector<PegasusWireLimits> limits(7);
  limits[0].max_depth = 3;
  limits[1].max_partitions = 2;
  limits[2].max_string_bytes = 5;
  limits[3].max_addresses_per_list = 100;  // lists over 64 then reach the facts, which refuse
  limits[4].max_message_bytes = 200;
  limits[5].max_container_elements = 1;
  limits[6].max_depth = 0;
  RandomReply random(99);
  std::vector<Tally> tallies(limits.size());
  for (int i = 0; i < 2000; ++i) {
    const std::string bytes = random.Make();
    for (size_t k = 0; k < limits.size(); ++k) {
      ASSERT_EQ(Compare(bytes, limits[k]), "") << "reply " << i << " limits " << k;
      tallies[k].Add(bytes, limits[k]);
    }
  }
  for (size_t k = 0; k < limits.size(); ++k) EXPECT_GT(tallies[k].wire_errors, 0) << k;
}

// Shapes the random replies reach only by chance.
TEST(ReplyDecoderTest, SameAsGeneratedCodeOnOddShapes) {
  std::vector<std::pair<std::string, std::string>> cases;
  auto hp = [](WireWriter* w, const char* host) { w->String(host).I16(-30735).Byte(1); };
  {  // the partitions list twice: the second, whose hosts are fine, is the reply's
    WireWriter w;
    w.Field(kTList, 5).List(kTStruct, 1).Field(kTStruct, 9);
    hp(&w, "bad host");
    w.Stop().Field(kTList, 5).List(kTStruct, 2);
    for (int i = 0; i < 2; ++i) {
      w.Field(kTStruct, 1).I64(int64_t{i} << 32 | 3).Field(kTStruct, 9);
      hp(&w, "node-1");
      w.Stop();
    }
    cases.emplace_back("partitions twice", w.Stop().bytes());
  }
  {  // fields backwards, hp_primary first; err twice, the last unsafe
    WireWriter w;
    w.Field(kTStruct, 1).String("ERR_OK").Field(kTList, 5).List(kTStruct, 1);
    w.Field(kTList, 10).List(kTStruct, 1);
    hp(&w, "node-2");
    w.Field(kTStruct, 9);
    hp(&w, "node-1");
    w.Field(kTStruct, 4).I64(0).Field(kTStruct, 1).I64(int64_t{7} << 32 | 3).Stop();
    cases.emplace_back("backwards", w.bytes() + std::string("\x00", 1));
    w.Field(kTStruct, 1).String("ERR OK").Stop();
    cases.emplace_back("err twice", w.bytes());
  }
  {  // known fields with the wrong wire type are skipped; an empty hp list still counts
    WireWriter w;
    w.Field(kTString, 1).String("ERR_BUSY").Field(kTI64, 2).I64(5).Field(kTList, 5).List(kTStruct, 1);
    w.Field(kTI32, 1).I32(9).Field(kTI64, 4).I64(0x0A00000187F10001).Field(kTI32, 9).I32(0);
    w.Field(kTList, 5).List(kTStruct, 2).I64(0x0A00000187F10001).I64(0x0A00000287F10001);
    w.Field(kTList, 10).List(kTStruct, 0).Stop();
    cases.emplace_back("wrong types", w.Stop().bytes());
  }
  {  // an old server: rpc_addresses only, every octet width
    WireWriter w;
    w.Field(kTList, 5).List(kTStruct, 1).Field(kTStruct, 4).I64(0x0109637F87F10001);
    w.Field(kTList, 6).List(kTStruct, 2).I64(0xFFFFFFFF00000001).I64(0x00000000FFFF0001);
    cases.emplace_back("old server", w.Stop().Stop().bytes());
  }
  for (const auto& [name, bytes] : cases) EXPECT_EQ(Compare(bytes), "") << name;
  Tally tally;
  for (const auto& [name, bytes] : cases) tally.Add(bytes);
  EXPECT_EQ(tally.usable, 4);  // "err twice" is refused (an unsafe name), as it should be
}

// Partition indices negative, repeated or out of order (fuzz seeds): both paths give the same
// facts, and the index check refuses the first two, naming the partition, and takes the third.
TEST(ReplyDecoderTest, PartitionIndicesCheckedAlike) {
  const std::pair<const char*, const char*> kCases[] = {
      {"index_negative.bin", "partitions[1] has partition index -1; an index is never negative"},
      {"index_repeated.bin", "partitions[3] repeats partition index 1 of partitions[1]"},
      {"index_out_of_order.bin", ""},
  };
  for (const auto& [name, want] : kCases) {
    const std::string bytes = ReadFile(std::string("testdata/fuzz/reply_decoder/") + name);
    ASSERT_FALSE(bytes.empty()) << name;
    EXPECT_EQ(Compare(bytes), "") << name;
    ReplyDecoder decoder;
    FollowerFacts facts;
    ASSERT_TRUE(Decode(&decoder, bytes, &facts).ok()) << name;
    EXPECT_EQ(std::string(CheckPartitionIndices(facts).message()), want) << name;
  }
}

TEST(ReplyDecoderTest, FailedCallsAreNotRead) {
  const std::string garbage = "\x0f\x7f\xff";
  for (const char* rpc_err : {"ERR_TIMEOUT", "ERR TIMEOUT", "ERR_OK"}) {
    EXPECT_EQ(CompareWithOracle(kDup, rpc_err, reinterpret_cast<const uint8_t*>(garbage.data()),
                                garbage.size()),
              "")
        << rpc_err;
  }
  ReplyDecoder decoder;
  FollowerFacts facts;
  EXPECT_TRUE(decoder.Decode(kDup, "ERR_TIMEOUT", nullptr, 0, &facts).ok());
  EXPECT_EQ(facts.rpc_err, "ERR_TIMEOUT");
  EXPECT_EQ(facts.response_err, "ERR_OK");
  EXPECT_EQ(decoder.Decode(kDup, "ERR_OK", nullptr, 0, &facts).message(),
            "query_cfg_response: empty input");
}

// Hosts and the error name are views of the reply itself: no string is copied.
TEST(ReplyDecoderTest, FactsViewTheReplyBytes) {
  const std::string bytes = ReadFile("testdata/corpus/healthy_16p_5r.reply.bin");
  ASSERT_FALSE(bytes.empty());
  ReplyDecoder decoder;
  FollowerFacts facts;
  ASSERT_TRUE(Decode(&decoder, bytes, &facts).ok());
  auto inside = [&](std::string_view v) {
    return v.data() >= bytes.data() && v.data() + v.size() <= bytes.data() + bytes.size();
  };
  EXPECT_TRUE(inside(facts.response_err));
  int hosts = 0;
  for (const AddressFact& a : facts.addresses) {
    if (!a.valid) continue;
    EXPECT_TRUE(inside(a.host)) << a.host;
    ++hosts;
  }
  EXPECT_EQ(hosts, 16 * 5);
}

}  // namespace
}  // namespace dupready
