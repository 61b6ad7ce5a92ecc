#include "Merge.h"

#include <QHash>
#include <QList>
#include <QStringView>

#include <algorithm>
#include <vector>

// Line-based diff (Myers, O((N+M)·D)) and the three-way merge built on it. Lines keep their terminators, so
// "a\nb" and "a\nb\n" differ only in their last line and the merged text reproduces line endings exactly.
namespace fieldsync::merge {

namespace {

// Beyond this many differing lines, or this many steps of the search, the middle of the two texts is treated
// as one replaced block: still a correct diff, only coarser. It bounds memory (about MaxEditDistance²
// integers) and time, whatever a peer sends.
constexpr int MaxEditDistance = 2000;
constexpr qint64 MaxSearchSteps = 20'000'000;

using Lines = QList<QStringView>;

Lines splitLines(const QString& text)
{
    Lines lines;
    qsizetype start = 0;
    const QStringView all(text);
    for (qsizetype i = 0; i < all.size(); ++i) {
        if (all.at(i) == u'\n') {
            lines.append(all.sliced(start, i + 1 - start));
            start = i + 1;
        }
    }
    if (start < all.size())
        lines.append(all.sliced(start));
    return lines;
}

// Base lines [start, end) are replaced by `lines`; start == end is an insertion before base line `start`.
struct Hunk
{
    qsizetype start = 0;
    qsizetype end = 0;
    Lines lines;
    int side = 0; // 0 ours, 1 theirs (three-way merge only)
};

// Matched line pairs (x in a, y in b) of a shortest edit script between two int sequences, ascending; or
// nullopt when the edit distance exceeds MaxEditDistance.
std::optional<std::vector<std::pair<int, int>>> myersMatches(const std::vector<int>& a, const std::vector<int>& b)
{
    const int n = int(a.size());
    const int m = int(b.size());
    const int max = n + m;
    const int offset = max + 1;
    std::vector<int> v(size_t(2 * max + 3), 0);
    std::vector<std::vector<int>> trace; // trace[d] = v[-d-1 .. d+1] before step d
    int found = -1;
    qint64 steps = 0;
    for (int d = 0; d <= max && found < 0; ++d) {
        steps += d + 1;
        if (d > MaxEditDistance || steps > MaxSearchSteps)
            return std::nullopt;
        trace.emplace_back(v.begin() + (offset - d - 1), v.begin() + (offset + d + 2));
        for (int k = -d; k <= d; k += 2) {
            int x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? v[offset + k + 1]
                                                                                   : v[offset + k - 1] + 1;
            int y = x - k;
            const int snakeStart = x;
            while (x < n && y < m && a[size_t(x)] == b[size_t(y)]) {
                ++x;
                ++y;
            }
            steps += x - snakeStart;
            v[offset + k] = x;
            if (x >= n && y >= m) {
                found = d;
                break;
            }
        }
    }
    std::vector<std::pair<int, int>> matches;
    int x = n;
    int y = m;
    for (int d = found; d >= 0; --d) {
        const std::vector<int>& snap = trace[size_t(d)];
        const auto at = [&](int k) { return snap[size_t(k + d + 1)]; };
        if (d == 0) {
            while (x > 0 && y > 0)
                matches.emplace_back(--x, --y);
            break;
        }
        const int k = x - y;
        const int prevK = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? k + 1 : k - 1;
        const int prevX = at(prevK);
        const int prevY = prevX - prevK;
        while (x > prevX && y > prevY)
            matches.emplace_back(--x, --y);
        x = prevX;
        y = prevY;
    }
    std::reverse(matches.begin(), matches.end());
    return matches;
}

QList<Hunk> diff(const Lines& a, const Lines& b)
{
    qsizetype prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a.at(prefix) == b.at(prefix))
        ++prefix;
    qsizetype suffix = 0;
    while (suffix < a.size() - prefix && suffix < b.size() - prefix
        && a.at(a.size() - 1 - suffix) == b.at(b.size() - 1 - suffix))
        ++suffix;
    const qsizetype aEnd = a.size() - suffix;
    const qsizetype bEnd = b.size() - suffix;

    QList<Hunk> hunks;
    if (prefix == aEnd && prefix == bEnd)
        return hunks;

    QHash<QStringView, int> ids;
    const auto intern = [&](const Lines& lines, qsizetype from, qsizetype to) {
        std::vector<int> out;
        out.reserve(size_t(to - from));
        for (qsizetype i = from; i < to; ++i) {
            auto it = ids.constFind(lines.at(i));
            if (it == ids.constEnd())
                it = ids.insert(lines.at(i), int(ids.size()));
            out.push_back(*it);
        }
        return out;
    };
    const std::vector<int> ia = intern(a, prefix, aEnd);
    const std::vector<int> ib = intern(b, prefix, bEnd);
    const auto matches = myersMatches(ia, ib);

    qsizetype px = 0;
    qsizetype py = 0;
    const auto flush = [&](qsizetype x, qsizetype y) {
        if (x - px == y - py) {
            // A block replaced line for line is split into single-line replacements, so that two edits of
            // neighbouring lines never become one hunk: the hunks do not depend on how edits were grouped.
            for (qsizetype i = 0; i < x - px; ++i) {
                if (a.at(prefix + px + i) != b.at(prefix + py + i))
                    hunks.append(Hunk { prefix + px + i, prefix + px + i + 1, b.sliced(prefix + py + i, 1) });
            }
        } else if (x > px || y > py) {
            hunks.append(Hunk { prefix + px, prefix + x, b.sliced(prefix + py, y - py) });
        }
    };
    if (!matches) {
        flush(aEnd - prefix, bEnd - prefix);
        return hunks;
    }
    for (const auto& [x, y] : *matches) {
        flush(x, y);
        px = x + 1;
        py = y + 1;
    }
    flush(qsizetype(ia.size()), qsizetype(ib.size()));
    return hunks;
}

// Base lines [from, to) with the given hunks (all inside that range, ascending) applied.
Lines apply(const Lines& base, qsizetype from, qsizetype to, const QList<const Hunk*>& hunks)
{
    Lines out;
    qsizetype pos = from;
    for (const Hunk* h : hunks) {
        out.append(base.sliced(pos, h->start - pos));
        out.append(h->lines);
        pos = h->end;
    }
    out.append(base.sliced(pos, to - pos));
    return out;
}

void appendLines(QString& out, const Lines& lines)
{
    for (QStringView l : lines)
        out.append(l);
}

} // namespace

std::optional<QString> threeWay(const QString& base, const QString& ours, const QString& theirs)
{
    if (ours == theirs || base == theirs)
        return ours;
    if (base == ours)
        return theirs;

    const Lines b = splitLines(base);
    const Lines o = splitLines(ours);
    const Lines t = splitLines(theirs);
    QList<Hunk> all = diff(b, o);
    for (Hunk& h : diff(b, t)) {
        h.side = 1;
        all.append(std::move(h));
    }
    // By base position; at one position an insertion comes before a replacement. The side only orders
    // hunks that overlap anyway, so the result does not depend on which text is "ours".
    std::sort(all.begin(), all.end(), [](const Hunk& x, const Hunk& y) {
        const bool xEmpty = x.start == x.end;
        const bool yEmpty = y.start == y.end;
        return std::tie(x.start, yEmpty, x.end, x.side) < std::tie(y.start, xEmpty, y.end, y.side);
    });

    QString out;
    out.reserve(std::max(ours.size(), theirs.size()));
    qsizetype pos = 0;
    for (qsizetype i = 0; i < all.size();) {
        const qsizetype clusterStart = all.at(i).start;
        qsizetype clusterEnd = all.at(i).end;
        QList<const Hunk*> sides[2];
        sides[all.at(i).side].append(&all.at(i));
        qsizetype j = i + 1;
        for (; j < all.size(); ++j) {
            const Hunk& h = all.at(j);
            const bool overlaps = clusterStart == clusterEnd
                ? (h.start == h.end && h.start == clusterStart) // two insertions at one point
                : (h.start < clusterEnd && (h.start != h.end || h.start > clusterStart));
            if (!overlaps)
                break;
            clusterEnd = std::max(clusterEnd, h.end);
            sides[h.side].append(&h);
        }
        appendLines(out, b.sliced(pos, clusterStart - pos));
        if (sides[0].isEmpty() || sides[1].isEmpty()) {
            appendLines(out, apply(b, clusterStart, clusterEnd, sides[0].isEmpty() ? sides[1] : sides[0]));
        } else {
            const Lines mine = apply(b, clusterStart, clusterEnd, sides[0]);
            if (mine != apply(b, clusterStart, clusterEnd, sides[1]))
                return std::nullopt; // both sides changed the same lines differently
            appendLines(out, mine);
        }
        pos = clusterEnd;
        i = j;
    }
    appendLines(out, b.sliced(pos));
    return out;
}

} // namespace fieldsync::merge
