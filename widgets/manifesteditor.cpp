#include "widgets/manifesteditor.h"

#include "chaos/manifest/manifestbuilder.h"

#include <QFile>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QVBoxLayout>

namespace meshscope::widgets {

ManifestEditor::ManifestEditor(chaos::ManifestImporter importer, QWidget *parent)
    : QWidget(parent), m_importer(std::move(importer))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *buttons = new QHBoxLayout;
    auto *import = new QPushButton(tr("&Import Manifest…"), this);
    import->setObjectName(QStringLiteral("importManifestButton"));
    import->setToolTip(tr("Read a Chaos Mesh manifest from a file (Ctrl+I); pasting one into "
                          "the editor works too"));
    connect(import, &QPushButton::clicked, this, &ManifestEditor::importFile);
    auto *shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_I), this);
    shortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(shortcut, &QShortcut::activated, this, &ManifestEditor::importFile);
    buttons->addWidget(import);
    buttons->addStretch();
    layout->addLayout(buttons);

    m_text = new QPlainTextEdit(this);
    m_text->setObjectName(QStringLiteral("manifestText"));
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setTabChangesFocus(true);
    connect(m_text, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_writing)
            check(true);
    });
    layout->addWidget(m_text, 3);

    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("importHint"));
    m_hint->setWordWrap(true);
    m_hint->setVisible(false);
    layout->addWidget(m_hint);
    m_useConverted = new QPushButton(tr("Use Converted Manifest"), this);
    m_useConverted->setObjectName(QStringLiteral("useConvertedButton"));
    m_useConverted->setVisible(false);
    connect(m_useConverted, &QPushButton::clicked, this, &ManifestEditor::useSuggestion);
    layout->addWidget(m_useConverted, 0, Qt::AlignLeft);

    m_issues = new QListWidget(this);
    m_issues->setObjectName(QStringLiteral("issuesList"));
    m_issues->setWordWrap(true);
    m_issues->setAlternatingRowColors(true);
    layout->addWidget(m_issues, 1);
}

void ManifestEditor::showManifest(const chaos::Manifest &manifest)
{
    m_writing = true;
    const QString yaml = QString::fromUtf8(chaos::ManifestBuilder::toYaml(manifest));
    if (yaml != m_text->toPlainText()) {
        // Keeps the cursor's line, so a user scrolling the YAML is not thrown to the top.
        const int line = m_text->textCursor().blockNumber();
        m_text->setPlainText(yaml);
        QTextCursor c(m_text->document()->findBlockByNumber(line));
        m_text->setTextCursor(c);
    }
    m_writing = false;
    check(false);
}

void ManifestEditor::showBuildError(const QString &message)
{
    m_suggestion.reset();
    m_hint->setVisible(false);
    m_useConverted->setVisible(false);
    setIssues({message});
    setValid(false);
}

void ManifestEditor::importText(const QByteArray &text)
{
    m_text->setPlainText(QString::fromUtf8(text)); // textChanged: checked as the user's edit
}

void ManifestEditor::addIssue(const QString &message)
{
    if (m_issueTexts.isEmpty())
        m_issues->clear(); // the "no problems" line
    m_issueTexts << message;
    m_issues->addItem(message);
    setValid(false);
}

QString ManifestEditor::text() const
{
    return m_text->toPlainText();
}

QStringList ManifestEditor::issues() const
{
    return m_issueTexts;
}

QString ManifestEditor::hint() const
{
    return m_hint->isHidden() ? QString() : m_hint->text();
}

void ManifestEditor::importFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import Chaos Mesh Manifest"), {},
                                                      tr("YAML (*.yaml *.yml);;All files (*)"));
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        showBuildError(tr("%1: %2").arg(path, file.errorString()));
        return;
    }
    importText(file.read(1 << 20)); // a manifest is a few kB; a huge file is not one
}

void ManifestEditor::useSuggestion()
{
    if (!m_suggestion)
        return;
    const QByteArray yaml = chaos::ManifestBuilder::toYaml(*m_suggestion);
    importText(yaml);
}

void ManifestEditor::check(bool fromUser)
{
    const chaos::ImportResult result = m_importer.import(m_text->toPlainText().toUtf8());
    m_suggestion = result.suggestion;
    m_hint->setText(result.hint);
    m_hint->setVisible(!result.hint.isEmpty());
    m_useConverted->setVisible(result.suggestion.has_value());
    QStringList texts = chaos::issueTexts(result.issues);
    if (result.suggestion && !result.suggestionIssues.empty()) {
        for (const QString &t : chaos::issueTexts(result.suggestionIssues))
            texts << tr("converted manifest: %1").arg(t);
    }
    setIssues(texts);
    setValid(result.accepted());
    if (fromUser && result.manifest)
        Q_EMIT manifestEdited(*result.manifest);
}

void ManifestEditor::setIssues(const QStringList &issues)
{
    m_issueTexts = issues;
    m_issues->clear();
    m_issues->addItems(issues);
    if (issues.isEmpty())
        m_issues->addItem(tr("No problems: the manifest validates against the Chaos Mesh CRDs."));
}

void ManifestEditor::setValid(bool valid)
{
    if (m_valid == valid)
        return;
    m_valid = valid;
    Q_EMIT validityChanged(valid);
}

} // namespace meshscope::widgets
