# Build the Windows bundle and installer. Run from the repository root in PowerShell:
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
# Needs Python 3.11+ (python.org, "Add to PATH") and Inno Setup 6 (iscc on PATH or in its
# default folder). The same steps run in .github/workflows/windows.yml.
$ErrorActionPreference = "Stop"
py -3 -m venv .venv-dist
.\.venv-dist\Scripts\python -m pip install --upgrade pip
.\.venv-dist\Scripts\python -m pip install ".[dist]"
Get-ChildItem resources\i18n\*.ts | ForEach-Object {
  .\.venv-dist\Scripts\pyside6-lrelease $_.FullName -qm ($_.FullName -replace '\.ts$', '.qm')
  if ($LASTEXITCODE) { throw "lrelease failed on $($_.Name)" }
}
.\.venv-dist\Scripts\pyinstaller --noconfirm --clean --distpath dist --workpath build\pyinstaller packaging\leader-desk.spec
if ($LASTEXITCODE) { throw "PyInstaller failed" }

# Smoke test: the CLI from another folder, with no Python on PATH.
$version = (Select-String -Path leader_app\__init__.py -Pattern '__version__ = "(.+)"').Matches[0].Groups[1].Value
$work = Join-Path $env:TEMP "leader-desk-smoke"
Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
New-Item -ItemType Directory $work | Out-Null
$app = (Resolve-Path dist\leader-desk\leader-app.exe).Path
$sample = (Resolve-Path tests\samples\ktt_export.xlsx).Path
Push-Location $work
$env:PATH = "$env:SystemRoot\system32;$env:SystemRoot"
& $app --version; if ($LASTEXITCODE) { throw "--version failed" }
& $app demo --db shop.db --members 40 --orders 200 --json; if ($LASTEXITCODE) { throw "demo failed" }
$campaigns = & $app campaigns --db shop.db --json | ConvertFrom-Json
if ($campaigns.Count -lt 1) { throw "no campaigns" }
& $app import $sample --db shop.db --new-campaign smoke --json; if ($LASTEXITCODE) { throw "import failed" }
& $app print pickup-list --db shop.db --campaign $campaigns[0].id -o list.pdf
if ($LASTEXITCODE -or -not (Test-Path list.pdf)) { throw "print failed" }
Pop-Location

$iscc = (Get-Command iscc -ErrorAction SilentlyContinue).Source
if (-not $iscc) { $iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
& $iscc "/DAppVersion=$version" packaging\windows\leader-desk.iss
if ($LASTEXITCODE) { throw "Inno Setup failed" }
Write-Host "Built dist\LeaderDesk-Setup-$version.exe"
