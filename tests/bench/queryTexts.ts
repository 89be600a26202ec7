/**
 * The texts the benches send: pasted PowerShell output and long rambling questions (PASTES), and short
 * questions with typos, abbreviations and out-of-domain ones (SHORT). The search section times them
 * against the index; the HTTP section sends them to the bot and to the echo bot.
 */
export const PASTES: readonly string[] = [
  `PS C:\\Users\\admin> Test-CsExStorageConnectivity -SipUri "sip:jeff@contoso.com" -Verbose
VERBOSE: Workflow Instance ID '0d6d7f5a-5a2b-4f9c-9f1c-1b2c3d4e5f60'.
Test-CsExStorageConnectivity : ExCreateItem exchange operation failed, code=50043,
At line:1 char:1
+ Test-CsExStorageConnectivity -SipUri "sip:jeff@contoso.com" -Verbose
+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
    + CategoryInfo          : InvalidOperation: (:) [Test-CsExStorageConnectivity], FailureResponseException
    + FullyQualifiedErrorId : WorkflowNotCompleted,Microsoft.Rtc.Management.SyntheticTransactions.TestExStorageConnectivityCmdlet`,
  `Test-CsExStorageConnectivity : ExCreateItem exchange operation failed, code=5,
At line:1 char:1
+ Test-CsExStorageConnectivity -SipUri "sip:admin@contoso.com"
+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
    + CategoryInfo          : InvalidOperation: (:) [Test-CsExStorageConnectivity], FailureResponseException
    + FullyQualifiedErrorId : WorkflowNotCompleted,Microsoft.Rtc.Management.SyntheticTransactions.TestExStorageConnectivityCmdlet`,
  `New-CsPartnerApplication : Cannot bind parameter 'MetadataUrl' to the target. Exception setting "MetadataUrl": "The metadata document could not be downloaded from the URL in the MetadataUrl parameter or downloaded data is not a valid metadata document, error: The underlying connection was closed: Could not establish trust relationship for the SSL/TLS secure channel."
At line:1 char:1
+ New-CsPartnerApplication -Identity Exchange -ApplicationTrustLevel Fu ...
+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
    + CategoryInfo          : WriteError: (:) [New-CsPartnerApplication], ParameterBindingException
    + FullyQualifiedErrorId : ParameterBindingFailed,Microsoft.Rtc.Management.Internal.NewPartnerApplicationCmdlet`,
  `[PS] C:\\Program Files\\Microsoft\\Exchange Server\\V15\\Scripts>.\\Configure-EnterprisePartnerApplication.ps1 -AuthMetaDataUrl 'https://s4bfe.contoso.com/metadata/json/1' -ApplicationType Lync
Cannot acquire auth metadata document from 'https://s4bfe.contoso.com/metadata/json/1'. Error: The underlying connection was closed: Could not establish trust relationship for the SSL/TLS secure channel..
At C:\\Program Files\\Microsoft\\Exchange Server\\V15\\Scripts\\Configure-EnterprisePartnerApplication.ps1:73 char:9`,
  `Lync cannot connect to the Exchange server. Lync will attempt to retry the connection. History, voice mail and Outlook-related features will be unavailable.`,
  `There was a problem connecting to Microsoft Office Outlook. The email address used in your default Outlook profile is different from the sign-in address used in Lync 2010. Change your default Outlook profile to match the sign-in address you are using in Lync, and then sign out and sign back in to Lync.`,
  `Cannot synchronize with the corporate address book. This may be because the proxy server setting in your web browser does not allow access to the address book. If the problem persists, contact your system administrator.`,
  `Get-CsOAuthConfiguration

Identity                     : Global
PartnerApplications          : {Exchange}
ExchangeAutodiscoverUrl      :
ExchangeAutodiscoverAllowedDomains : *
ClientAuthorizationOAuthServerIdentity :
Realm                        : contoso.com
ServiceName                  : 00000004-0000-0ff1-ce00-000000000000`,
  "Hi all, we've been struggling with this for about two weeks now and honestly I'm at my wits' end. Our environment is a mix of stuff that was set up years ago by a consultant who is no longer around, and documentation is thin. We moved to new hardware last quarter and since then several users report that when they open Outlook and write a new email, the little presence bubble next to recipients' names doesn't show anymore. Skype for Business itself shows everyone's status fine. Anyone have ideas? Thanks in advance.",
  'Good morning. So some background: we run Lync 2013 on premises, about 800 users, and last month our messaging team started the migration of mailboxes to Exchange 2013. Everything went reasonably well but now several people on the helpdesk say that their Lync contact list is read only: they cannot add, remove or move contacts. Users on Lync 2010 in particular. Any ideas?',
  'So yesterday I was finally setting up the OAuth thing between our Skype for Business 2015 front ends and Exchange 2016, following a blog post I found. Everything looked ok until I ran the storage test and got this: Test-CsExStorageConnectivity : ExCreateItem exchange operation failed, code=5, and honestly I have no idea what it means, my account is a domain admin. What am I missing?',
  'We are trying to pair Skype for Business with Exchange and when running New-CsPartnerApplication against the Exchange autodiscover metadata URL it bombs out with The underlying connection was closed: Could not establish trust relationship for the SSL/TLS secure channel. Exchange still uses the certificate it installed itself. What should we do?',
  'Our users moved to Exchange Online last weekend while Skype for Business Server stays on premises. Since then the meetings tab in the Skype client is empty, conversation history is no longer saved into Outlook, and the contact card shows no free/busy. On-premises mailboxes are fine. The Mail attribute is set in AD for everybody. What did we miss in the hybrid configuration?',
  "When I open Outlook Web App in Office 365 I do not get the chat pane at all, the contact list never appears and it says Instant Messaging isn't available right now. The Contact List will appear when the services become available. We use Lync Server 2013 on premises with an Edge server. Help!",
];

export const SHORT: readonly string[] = [
  'code=5',
  'code=50043',
  'code = 50043',
  'error code=500 from the server',
  'exstorage test fails with code=5',
  'ExCreateItem exchange operation failed',
  'could not establish trust relationship',
  "Cannot bind parameter 'MetadataUrl'",
  'metadata/json/1 returns 404',
  'autodiscover.xml or autodiscover.svc',
  'Credentials are required',
  'presence unknown',
  'Exchange connection Down',
  // typos
  'exchagne autodiscover uri is blank',
  'exchagne autodiscover url blank',
  'presense not showing in outlok',
  'outlok presence missing',
  'contcat list read olny',
  'conversaton history not saved in outlook',
  'skpye meeting adin missing in outlok',
  'autodiscvoer dns record',
  'certficate self signed exchnage',
  'voicemial notifications missing',
  'federaton with skype consumer',
  // synonyms and abbreviations
  's4b contact list read only',
  'SfB contact list is read only',
  'Lync contact list is read only',
  'UCS contact list empty',
  'unified contact store contact list empty',
  'OWA IM not working',
  'outlook web app IM not working',
  'EXO OWA presence missing',
  'exchange online OWA presence missing',
  'steps to integrate EXO with SfB Online',
  'sfb presence missing in outlook',
  'lync presence missing in outlook',
  'o365 lync cannot add skype contacts',
  'oof not shown in lync',
  'gal search not working in sfb',
  // plain questions
  'presence not showing in outlook',
  'skype meeting button missing in outlook',
  'how do I add a skype contact in lync',
  'is skype for business online still supported',
  'which certificate do i use for oauth',
  'partner application between exchange and skype for business',
  'conversation history not saved',
  'contact photos not showing',
  'high resolution photo lync 2013',
  'repeatedly prompted for password in lync',
  'lync cannot connect to exchange',
  'online meeting button missing in owa',
  'dns records for lync online',
  'pic provisioning takes how long',
  'skype users cannot find our lync users',
  'add exchange online as hosting provider',
  'shared sip address space',
  'sip address missing on mailbox',
  'outlook profile different from sign-in address',
  'which features work with exchange 2010',
  'voicemail archiving exchange 2016',
  // out of domain
  'password reset',
  'reset my password please',
  'printer not working',
  'my printer is not working',
  'Teams meeting recording',
  'how do I record a Teams meeting',
  'VPN error 809',
  'vpn connection fails with error 809',
  'mailbox quota full',
  'my mailbox is full, cannot send email',
  'how to bake bread',
  'wifi keeps dropping',
  'excel crashes when opening a file',
  'onedrive sync stuck',
  'new laptop for a new hire',
];
