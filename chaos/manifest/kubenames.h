#pragma once

// Kubernetes name rules (DNS-1123 labels and subdomains, label keys and values) and the
// deterministic names Meshscope gives the CRs it creates.

#include <QString>
#include <QStringList>

namespace meshscope::chaos {

class KubeNames
{
public:
    static constexpr int kMaxLabelLength = 63;
    static constexpr int kMaxSubdomainLength = 253;

    static bool isDns1123Label(const QString &s);
    static bool isDns1123Subdomain(const QString &s);
    static bool isLabelKey(const QString &s);
    static bool isLabelValue(const QString &s);

    // Lowercase, every run of other characters folded to one '-', trimmed of '-'.
    static QString sanitize(const QString &s);

    // "<part>-<part>-...-<last>" as a valid DNS-1123 label of at most 63 characters. The same
    // parts always give the same name; the last part (the run id) is always kept whole, and when
    // the middle has to be shortened a short hash of the full text keeps distinct inputs apart.
    static QString deterministicName(const QStringList &parts, const QString &last);
};

} // namespace meshscope::chaos
