// make_corpus: writes testdata/corpus (see tools/corpus/corpus.h) into the directory given by
// --out, replacing the corpus files already there and deleting those no case makes any more.
//
//   tools/bazel run //tools/corpus:make_corpus -- --out testdata/corpus
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "tools/corpus/corpus.h"

namespace {

constexpr char kUsage[] = "usage: make_corpus --out DIR\n";

std::vector<std::string> ListDirectory(const std::string& dir) {
  std::vector<std::string> names;
  if (DIR* d = ::opendir(dir.c_str())) {
    while (const dirent* e = ::readdir(d)) names.emplace_back(e->d_name);
    ::closedir(d);
  }
  return names;
}

}  // namespace

int main(int argc, char** argv) {
  std::string out;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--out" && i + 1 < argc) {
      out = argv[++i];
    } else if (arg.rfind("--out=", 0) == 0) {
      out = arg.substr(6);
    } else {
      std::cerr << kUsage;
      return 2;
    }
  }
  if (out.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  // Under `bazel run`, a relative --out means relative to where the user ran it.
  if (const char* wd = std::getenv("BUILD_WORKING_DIRECTORY"); wd && *wd && out[0] != '/')
    out = std::string(wd) + "/" + out;

  absl::StatusOr<std::map<std::string, std::string>> files = dupready::corpus::GenerateCorpus();
  if (!files.ok()) {
    std::cerr << "make_corpus: " << files.status().message() << "\n";
    return 1;
  }
  ::mkdir(out.c_str(), 0755);
  int removed = 0;
  for (const std::string& name : ListDirectory(out)) {
    if (dupready::corpus::IsCorpusFileName(name) && files->count(name) == 0) {
      if (std::remove((out + "/" + name).c_str()) == 0) ++removed;
    }
  }
  size_t bytes = 0;
  for (const auto& [name, content] : *files) {
    std::ofstream f(out + "/" + name, std::ios::binary | std::ios::trunc);
    f << content;
    if (!f.good()) {
      std::cerr << "make_corpus: cannot write " << out << "/" << name << "\n";
      return 1;
    }
    bytes += content.size();
  }
  std::cout << "make_corpus: wrote " << files->size() << " files (" << bytes << " bytes) to "
            << out << ", removed " << removed << " stale\n";
  return 0;
}
