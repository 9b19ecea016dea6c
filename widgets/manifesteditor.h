#pragma once

// The chaos panel's live YAML: the manifest the form makes, as editable text, with what is
// wrong with it listed underneath (field path, line and message). Every text — typed, pasted or
// imported from a file — goes through ManifestImporter, so a kind Chaos Mesh does not have is
// refused with a fix hint and its converted manifest offered ("Use converted manifest").
//
// showManifest() writes the form's manifest without emitting manifestEdited; a user's edit that
// is accepted (parses and validates) emits it, so the panel can fill the form from it.

#include "chaos/manifest/manifestimporter.h"

#include <QWidget>

#include <optional>

class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace meshscope::widgets {

class ManifestEditor : public QWidget
{
    Q_OBJECT
public:
    ManifestEditor(chaos::ManifestImporter importer, QWidget *parent = nullptr);

    void showManifest(const chaos::Manifest &manifest);
    // The form cannot make a manifest (no target, a missing parameter): the reason is listed and
    // the manifest counts as invalid; the text stays as it was.
    void showBuildError(const QString &message);
    // Replaces the text as a paste would (the user's edit: manifestEdited when accepted).
    void importText(const QByteArray &text);
    // Adds an issue the caller found in an accepted manifest (the form cannot show it).
    void addIssue(const QString &message);

    bool isValid() const { return m_valid; }
    QString text() const;
    QStringList issues() const;
    QString hint() const;
    const std::optional<chaos::Manifest> &suggestion() const { return m_suggestion; }
    QPlainTextEdit *textEdit() const { return m_text; }

public Q_SLOTS:
    void importFile();
    void useSuggestion();

Q_SIGNALS:
    void manifestEdited(const chaos::Manifest &manifest);
    void validityChanged(bool valid);

private:
    void check(bool fromUser);
    void setValid(bool valid);
    void setIssues(const QStringList &issues);

    chaos::ManifestImporter m_importer;
    QPlainTextEdit *m_text = nullptr;
    QListWidget *m_issues = nullptr;
    QLabel *m_hint = nullptr;
    QPushButton *m_useConverted = nullptr;
    std::optional<chaos::Manifest> m_suggestion;
    QStringList m_issueTexts; // what is listed, without the "no problems" line
    bool m_valid = false;
    bool m_writing = false; // showManifest() is replacing the text
};

} // namespace meshscope::widgets
