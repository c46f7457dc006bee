site-name = Loket
skip-to-content = Skip to content
nav-label = Main menu
nav-products = Products
nav-policy = Policy
nav-admin = Administration
nav-sign-in = Staff sign-in
nav-sign-out = Sign out
switch-language = Nederlands
footer-text = Loket is open-source software for the services of Flemish municipalities.
breadcrumb = Breadcrumb
back-home = Back to the home page
more-info = More information

error-title = There is a problem
error-not-found = This page does not exist
error-not-found-help = The link may be old or mistyped. Search for the product on the home page.
error-forbidden = No access
error-forbidden-help = You may not open this page. Think this is wrong? Ask your administrator.
error-server = Something went wrong on our side
error-server-help = Please try again in a few minutes. Still not working? Call or e-mail us.
error-bad-request = We could not read that
error-bad-request-help = Check what you filled in and try again.

search-label = Search for a product or service
search-button = Search

home-title = Home
home-heading = Welcome to { $name }
home-intro = Everything the municipality does for you: what to bring, what it costs and when we are open.
home-ways-in = What do you want to do?
home-way-products = Find a product or service
home-way-products-help = For example an identity card, a driving licence or a parking card.
home-popular = Most asked for
home-all-products = See all products
home-hours = Opening hours today
home-hours-caption = Opening hours per service today
hours-service = Service
hours-today = Today
hours-now = Now
hours-open = Open
hours-closed = Closed
hours-closed-today = Closed today
hours-closed-because = Closed: { $reason }
hours-of = Opening hours of { $cluster }

products-title = Products and services
products-results = { $count ->
    [0] No results for "{ $query }"
    [one] 1 result for "{ $query }"
   *[other] { $count } results for "{ $query }"
}
products-none = We found no product. Try another word, or look at the list of all products.
products-show-all = Show all products

product-what = What is it?
product-for-whom = For:
product-conditions = Conditions
product-bring = What do you need to bring?
product-bring-nothing = You do not need to bring anything.
product-exceptions = Exceptions
product-cost = What does it cost?
cost-about = about
product-free = It is free.
product-how = How do you apply?
product-where = Where: { $cluster }
product-regulation = Regulations
product-policy = Policy
product-policy-intro = This product helps reach these goals of the multi-year plan:
product-policy-none = This product is not linked to the multi-year plan yet.
channel-online = Online
channel-appointment = By appointment (about { $minutes } minutes)
channel-counter = At the counter, without an appointment
channel-phone = By phone

policy-title = Policy: the multi-year plan
policy-intro = These are the municipality's goals and the actions to reach them. Each action shows the products, services and figures that belong to it.
policy-empty = No multi-year plan has been loaded yet.
policy-level = Level
policy-status = Status
policy-status-0 = Not started
policy-status-1 = Started
policy-status-2 = Delayed
policy-status-3 = Postponed
policy-status-4 = Completed
policy-status-5 = Stopped
policy-status-unknown = Not stated
policy-period = Period
policy-children = Parts
policy-linked = Linked to
policy-linked-none = Nothing is linked to it yet.
policy-linked-products = Products
policy-linked-clusters = Services
policy-linked-counters = Counters
policy-linked-complaints = Kinds of complaints
policy-linked-reports = Kinds of reports
policy-linked-indicators = Indicators
level-objective = Policy objective
level-action_plan = Action plan
level-action = Action
indicator = Indicator
indicator-target = Target
indicator-latest = Latest measurement
indicator-no-measurement = Not measured yet
unit-seconds = seconds
unit-percent = %
unit-working_days = working days
unit-count = count

login-title = Sign in
login-intro = For municipal staff only.
login-email = E-mail address
login-password = Password
login-submit = Sign in
login-failed = The e-mail address or the password is not correct.

admin-title = Administration
admin-intro = Manage products, services, counters, opening hours, closing days, the multi-year plan, users and API tokens.
admin-products = Products
error-unavailable = Temporarily unavailable
error-unavailable-help = Loket cannot reach its data right now. Try again in a few minutes.
