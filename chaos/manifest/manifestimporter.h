#pragma once

// A manifest someone pasted: parsed (syntax errors with line:column), validated against the
// real CRD schema and Meshscope's guardrails, and — when its kind is not a Chaos Mesh kind but
// a recognisable invention (the seed's `kind: NetworkDelay`) or a misspelling — refused with a
// fix hint and the converted manifest offered in its place.

#include "chaos/manifest/manifesttypes.h"
#include "chaos/manifest/manifestvalidator.h"

#include <QByteArray>

#include <optional>

namespace meshscope::chaos {

struct ImportResult
{
    std::optional<Manifest> manifest;   // set only when nothing is wrong: ready to run
    ValidationIssues issues;            // what is wrong, each with its field and line
    QString hint;                       // how to fix a wrong kind, in one sentence
    std::optional<Manifest> suggestion; // the converted manifest the hint proposes
    ValidationIssues suggestionIssues;  // what would still be wrong with the suggestion

    bool accepted() const { return manifest.has_value(); }
};

class ManifestImporter
{
public:
    ManifestImporter(ManifestValidator validator, ManifestPolicy policy)
        : m_validator(std::move(validator)), m_policy(policy)
    {
    }

    ImportResult import(const QByteArray &text) const;

private:
    ValidationIssues check(const Manifest &manifest) const;

    ManifestValidator m_validator;
    ManifestPolicy m_policy;
};

} // namespace meshscope::chaos
